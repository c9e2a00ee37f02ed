// The one shape of every form action's answer, and the pieces that show it. The server
// side (web/http/form.server.ts) builds it; pages read it with these helpers, so a page
// never knows how a particular action phrased its result.
import { useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { FormEvent } from "react";
import { messageKey } from "../i18n/i18n.ts";
import { useT } from "./i18n.tsx";

/** A translated message: its full i18n key and the values it needs. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export interface FormReply {
  /** Which of the page's forms answered (its `intent` field), when it has several. */
  intent: string | null;
  /** What was done, when the action succeeded. */
  notice: Message | null;
  /** Why the form as a whole was refused. */
  error: Message | null;
  /** conform's record of the parse: field errors (i18n keys) and what was typed. */
  submission: SubmissionResult<string[]> | null;
}

/** Whether this answer belongs to the form with `intent` (any answer when none is given). */
export const replyFor = (reply: Partial<FormReply> | undefined | null, intent?: string) =>
  !!reply && (intent === undefined || reply.intent === intent);

/** The first error of one field, as an i18n key. */
export const fieldError = (reply: Partial<FormReply> | undefined | null, name: string) =>
  reply?.submission?.error?.[name]?.[0] ?? undefined;

/** What the person typed in one field, to fill the form again after a refusal. */
export function typedValue(reply: Partial<FormReply> | undefined | null, name: string): string | undefined {
  const value = reply?.submission?.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

/** Every value typed in one field (checkbox groups). */
export function typedValues(reply: Partial<FormReply> | undefined | null, name: string): string[] | undefined {
  const value = reply?.submission?.initialValue?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** The answer's notice (role=status) and form-level error (role=alert), in the page's language. */
export function FormAnswer({
  reply,
  intent,
  errorId,
  noticeTestId,
}: {
  reply: Partial<FormReply> | undefined | null;
  intent?: string;
  errorId?: string;
  noticeTestId?: string;
}) {
  const t = useT();
  if (!reply || !replyFor(reply, intent)) return null;
  return (
    <>
      {reply.notice && (
        <p className="notice" role="status" data-testid={noticeTestId}>
          {t(reply.notice.key, reply.notice.params ?? {})}
        </p>
      )}
      {reply.error && (
        <p className="form-error" role="alert" id={errorId}>
          {t(reply.error.key, reply.error.params ?? {})}
        </p>
      )}
    </>
  );
}

/** One field's error under the field; its id is `<name>-error` for aria-describedby. */
export function FieldError({ reply, name }: { reply: Partial<FormReply> | undefined | null; name: string }) {
  const t = useT();
  const key = fieldError(reply, name);
  if (!key) return null;
  return (
    <p className="form-error" id={`${name}-error`} role="alert">
      {t(key)}
    </p>
  );
}

/** aria-invalid and aria-describedby for a field with an error. */
export function invalidProps(reply: Partial<FormReply> | undefined | null, name: string) {
  const has = !!fieldError(reply, name);
  return { "aria-invalid": has, "aria-describedby": has ? `${name}-error` : undefined };
}

/** A posted form read through `schema`, on the server and in the browser alike. Field
 *  errors are the schema's messages (i18n keys); a message that is not a key becomes
 *  `fallback(field)`. Values are not coerced: the schema sees the strings the browser sent. */
export function parseForm<S extends z.ZodType>(
  form: FormData,
  schema: S,
  fallback: (field: string) => string = () => "messages.form.badRequest",
) {
  return parseWithZod(form, {
    schema,
    disableAutoCoercion: true,
    formatError: (issues: z.core.$ZodIssue[]) => {
      const keys = issues.map((issue) => {
        const field = issue.path.map(String).join(".");
        return messageKey(issue.message) ?? fallback(field);
      });
      return [...new Set(keys)];
    },
  });
}

/** The HTML constraints (required, maxLength…) of a schema's fields. conform reads them
 *  from an object schema; a schema that transforms the whole object (the donation form's
 *  amount) is read through to the object it starts from. */
function constraintOf(schema: z.ZodType): ReturnType<typeof getZodConstraint> {
  try {
    return getZodConstraint(schema);
  } catch {
    const inner = (schema as unknown as { in?: z.ZodType }).in;
    return inner ? constraintOf(inner) : {};
  }
}

/** conform's form for `schema`: the browser checks each field as it is left (the same
 *  schema and messages as the action), and the last answer's errors and typed values
 *  fill the form again — also when the page was rendered without JavaScript. Spread
 *  `formProps(form)` on the <Form>: sending is never blocked in the browser, the action
 *  decides (and answers the same errors). */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: S,
  reply: Partial<FormReply> | undefined | null,
  fallback?: (field: string) => string,
) {
  return useForm<z.input<S>, z.output<S>, string[]>({
    lastResult: reply?.submission ?? undefined,
    constraint: constraintOf(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, schema, fallback),
  });
}

/** The attributes of an input bound to a conform field: its name, what was typed, the
 *  schema's constraints, and its error for screen readers (`<id>-error`, see FieldErrors).
 *  (conform's getInputProps also spreads `key`, which React 18 warns about.) */
export function fieldProps<T>(field: FieldMetadata<T>, id: string, hint?: string) {
  const describedBy = [hint, field.errors ? `${id}-error` : undefined].filter(Boolean).join(" ");
  return {
    id,
    name: field.name,
    form: field.formId,
    defaultValue: typeof field.initialValue === "string" ? field.initialValue : undefined,
    required: field.required,
    maxLength: field.maxLength,
    "aria-invalid": field.errors ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

/** A conform field's first error under it, translated. */
export function FieldErrors<T>({ field, id }: { field: FieldMetadata<T>; id: string }) {
  const t = useT();
  const key = field.errors?.[0];
  if (!key) return null;
  return (
    <p className="form-error" id={`${id}-error`} role="alert">
      {t(key)}
    </p>
  );
}

/** The <Form> attributes for a useZodForm form: conform's id, no browser validation
 *  bubbles, and conform's submit handler for its own field checks (it sends those as a
 *  submit with an `__intent__` button, checked here in the browser). A real submit is
 *  never blocked: the action decides, and answers the same errors. */
export function formProps(form: { id: string; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  return {
    id: form.id,
    noValidate: true,
    onSubmit: (event: FormEvent<HTMLFormElement>) => {
      const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
      if (submitter?.name === "__intent__") form.onSubmit(event);
    },
  };
}

// Forms at the HTTP edge, in one place: a posted form is parsed with conform's zod adapter
// (the same schema the page validates with in the browser), and every action answers
// with one shape, FormReply (web/ui/form-reply.tsx) — a notice, a refusal, or conform's
// record of field errors with what was typed. A UserError thrown by a domain function
// becomes a refusal with its own 4xx status and message.
import { data } from "@remix-run/node";
import { isUserError, type UserError } from "../errors.ts";
import { messageKey } from "../i18n/i18n.ts";
import type { FormReply, Message } from "../ui/form-reply.tsx";

import { parseForm } from "../ui/form-reply.tsx";
import type { z } from "zod";

export { parseForm };

/** The one way an action reads its form (ADR 0021, issue 40): the posted body through
 *  `schema` (intents as a discriminated union), conform's record of the parse back. A
 *  body that is no form at all reads as an empty one: the schema refuses it with a 400.
 *  Routes never call request.formData() or form.get themselves (npm run lint). */
export async function readForm<S extends z.ZodType>(request: Request, schema: S, fallback?: (field: string) => string) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    form = new FormData();
  }
  return parseForm(form, schema, fallback);
}

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** A message given as a full key or as a UserError-style code ("form.badRequest" is
 *  messages.form.badRequest): the dictionaries decide which. */
function message(given: string | Message): Message {
  const m = typeof given === "string" ? { key: given } : given;
  return { ...m, key: messageKey(m.key) ?? m.key };
}

function reply<T extends object>(answer: Partial<FormReply>, extra: T | undefined, status: Status) {
  const body = { intent: null, notice: null, error: null, submission: null, ...answer, ...(extra as T) };
  return data<FormReply & T>(body as FormReply & T, { status });
}

/** The action did what was asked; `notice` (an i18n key) says what. */
export function formDone<T extends object = object>(notice: string | Message | null, extra?: T) {
  return reply({ notice: notice === null ? null : message(notice) }, extra, 200);
}

/** The whole form is refused with `key` (an i18n key or a message code) and a 4xx. */
export function formRefused<T extends object = object>(key: string | Message, status: Status = 400, extra?: T) {
  return reply({ error: message(key) }, extra, status);
}

/** A domain function's UserError as the form's refusal: its status, its message. */
export function userErrorReply<T extends object = object>(error: UserError, extra?: T) {
  return reply({ error: message({ key: error.code, params: error.params }) }, extra, error.status);
}

/** Fields did not pass the schema: their errors and what was typed go back (400). */
export function formInvalid<T extends object = object>(
  submission: { reply: () => FormReply["submission"] },
  extra?: T,
) {
  return reply({ submission: submission.reply() }, extra, 400);
}

/** Runs the action's work; a UserError from it is the form's refusal (with `extra`, e.g.
 *  the intent and what was typed). Anything else propagates to the error page. */
export async function answerForm<R, T extends object = object>(work: () => Promise<R>, extra?: T) {
  try {
    return await work();
  } catch (error) {
    if (isUserError(error)) return userErrorReply(error, extra);
    throw error;
  }
}

/** A form whose fields are shown without their own error slots: refused with the first
 *  field error as the form's message. */
export function formRefusedFirst<T extends object = object>(
  submission: { error?: Record<string, string[] | null> | null },
  extra?: T,
) {
  const first = Object.values(submission.error ?? {}).flatMap((e) => e ?? [])[0] ?? "form.badRequest";
  return formRefused(first, 400, extra);
}

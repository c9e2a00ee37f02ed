import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { maskPhone } from "../accounts/phone.ts";
import {
  appointInOrganisation,
  appointSchema,
  createOrganisation,
  listOrganisations,
  organisationSchema,
  revokeInOrganisation,
  setUnitQuota,
  signupUrl,
} from "../organisations/organisations.server.ts";
import { ORGANISATION_ROLES } from "../organisations/organisation-roles.ts";
import { useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formInvalid, formRefused, readForm } from "../http/form.server.ts";
import { fieldError, replyFor } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "องค์กรภาคี / Organisations" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organisations:manage");
  const orgs = await listOrganisations();
  return {
    organisations: orgs.map((o) => ({
      id: o.id,
      slug: o.slug,
      nameTh: o.nameTh,
      nameEn: o.nameEn,
      volunteers: o.volunteers,
      signupUrl: signupUrl(o.slug),
      unitQuota: o.unitQuota,
      people: o.roles.map((r) => ({
        userId: r.user.id,
        role: r.role as (typeof ORGANISATION_ROLES)[number],
        label: r.user.displayName ?? maskPhone(r.user.phone),
      })),
    })),
  };
}

const organisationsForm = z.discriminatedUnion("intent", [
  organisationSchema.extend({ intent: z.literal("create") }),
  appointSchema.extend({
    intent: z.literal("appoint"),
    organisationId: z.uuid(),
    role: z.enum(ORGANISATION_ROLES).default("org_admin"),
  }),
  z.object({
    intent: z.literal("quota"),
    organisationId: z.uuid(),
    unitQuota: z.union([z.literal(""), z.coerce.number().int().min(0).max(1_000_000)]).optional(),
  }),
  z.object({
    intent: z.literal("revoke"),
    organisationId: z.uuid(),
    userId: z.uuid(),
    role: z.enum(ORGANISATION_ROLES).default("org_admin"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organisations:manage");
  const submission = await readForm(request, organisationsForm);
  const payload = submission.payload as { intent?: unknown; organisationId?: unknown };
  const orgId = z.uuid().safeParse(payload.organisationId);
  const about = {
    intent: typeof payload.intent === "string" ? payload.intent : "",
    organisationId: orgId.data ?? null,
  };
  if (submission.status !== "success")
    return about.intent === "create" || about.intent === "appoint"
      ? formInvalid(submission, about)
      : formRefused("form.badRequest", 400, about);
  const input = submission.value;
  return answerForm(async () => {
    if (input.intent === "create") {
      const { intent: _intent, ...organisation } = input;
      await createOrganisation(organisation);
      return formDone("organisations.created", about);
    }
    if (input.intent === "appoint") {
      await appointInOrganisation(input.organisationId, input.phone, input.role, user.id);
      return formDone("organisations.appointed", about);
    }
    if (input.intent === "quota") {
      await setUnitQuota(
        input.organisationId,
        input.unitQuota === "" || input.unitQuota === undefined ? null : input.unitQuota,
      );
      return formDone("assignment.saved", about);
    }
    await revokeInOrganisation(input.organisationId, input.userId, input.role);
    return formDone("organisations.revoke", about);
  }, about);
}

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  // The answer belongs to one form: its intent, and for the per-organisation forms its row.
  const err = (field: string, intent: string, orgId?: string) => {
    if (!replyFor(result, intent) || (orgId && result?.organisationId !== orgId)) return null;
    const key = field === "form" ? result?.error?.key : fieldError(result, field);
    return key ? (
      <p className="form-error" role="alert">
        {t(key)}
      </p>
    ) : null;
  };
  return (
    <>
      <section className="card" aria-labelledby="orgs-title">
        <h1 id="orgs-title">{t("organisations.title")}</h1>
        {result?.notice && result.intent !== "create" && (
          <p className="notice" role="status">
            {t(result.notice.key)}
          </p>
        )}
        <ul className="plain-list org-list">
          {organisations.map((o) => (
            <li key={o.id} data-testid={`org-${o.slug}`}>
              <h2>
                {o.nameTh} <span className="hint">/ {o.nameEn}</span>
              </h2>
              <p>
                {t("organisations.volunteers", { count: o.volunteers })} ·{" "}
                <Link to={`/org/${o.slug}/roster`}>{t("organisations.openRoster")}</Link>
              </p>
              <p className="hint">
                {t("organisations.signupLink")}: <a href={o.signupUrl}>{o.signupUrl}</a>
              </p>
              {ORGANISATION_ROLES.map((role) => {
                const people = o.people.filter((p) => p.role === role);
                return (
                  <div key={role} data-testid={`org-${o.slug}-${role}`}>
                    <h3>{t(`organisations.roles.${role}`)}</h3>
                    {people.length === 0 ? (
                      <p className="hint">{t("organisations.nobody")}</p>
                    ) : (
                      <ul className="plain-list">
                        {people.map((a) => (
                          <li key={a.userId}>
                            <Form method="post" className="inline-form">
                              <span className="mono">{a.label}</span>
                              <input type="hidden" name="intent" value="revoke" />
                              <input type="hidden" name="organisationId" value={o.id} />
                              <input type="hidden" name="userId" value={a.userId} />
                              <input type="hidden" name="role" value={role} />
                              <button type="submit" className="link-button" disabled={busy}>
                                {t("organisations.revoke")}
                              </button>
                            </Form>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                );
              })}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="appoint" />
                <input type="hidden" name="organisationId" value={o.id} />
                <label htmlFor={`phone-${o.id}`}>{t("organisations.appointPhone")}</label>
                <input id={`phone-${o.id}`} name="phone" type="tel" inputMode="tel" autoComplete="off" required />
                <label htmlFor={`role-${o.id}`}>{t("organisations.appointAs")}</label>
                <select id={`role-${o.id}`} name="role" defaultValue="org_admin">
                  {ORGANISATION_ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`organisations.roles.${role}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={busy}>
                  {t("organisations.appointButton")}
                </button>
              </Form>
              {err("phone", "appoint", o.id)}
              {err("form", "appoint", o.id)}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="quota" />
                <input type="hidden" name="organisationId" value={o.id} />
                <label htmlFor={`quota-${o.id}`}>{t("assignment.quota")}</label>
                <input
                  id={`quota-${o.id}`}
                  name="unitQuota"
                  type="number"
                  min={0}
                  inputMode="numeric"
                  defaultValue={o.unitQuota ?? ""}
                />
                <button type="submit" disabled={busy}>
                  {t("assignment.quotaSave")}
                </button>
              </Form>
              {err("form", "quota", o.id)}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">{t("organisations.create")}</h2>
        {result?.notice && result.intent === "create" && (
          <p className="notice" role="status">
            {t(result.notice.key)}
          </p>
        )}
        {err("form", "create")}
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="slug">{t("organisations.slug")}</label>
          <p className="hint" id="slug-hint">
            {t("organisations.slugHint")}
          </p>
          <input
            id="slug"
            name="slug"
            required
            pattern="[a-z0-9][a-z0-9\-]{1,38}[a-z0-9]"
            aria-describedby="slug-hint"
            autoCapitalize="none"
          />
          {err("slug", "create")}
          <label htmlFor="nameTh">{t("organisations.nameTh")}</label>
          <input id="nameTh" name="nameTh" required lang="th" />
          {err("nameTh", "create")}
          <label htmlFor="nameEn">{t("organisations.nameEn")}</label>
          <input id="nameEn" name="nameEn" required lang="en" />
          {err("nameEn", "create")}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("organisations.createButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

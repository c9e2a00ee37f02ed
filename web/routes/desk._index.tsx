import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { currentElection } from "../elections/elections.server.ts";
import { deskClaims } from "../rumours/rumour-desk.server.ts";
import { claimSchema } from "../rumours/claim-rules.ts";
import { receiveClaim } from "../http/claim-post.server.ts";
import { formInvalid, userErrorReply } from "../http/form.server.ts";
import { FieldErrors, fieldProps, FormAnswer, formProps, useZodForm } from "../ui/form-reply.tsx";
import { formatDateTime } from "../i18n/format.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "ตรวจสอบข่าวลือ / Rumour desk" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "rumours:manage");
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  return { claims: await deskClaims(election.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "rumours:manage");
  const election = await currentElection(new URL(request.url).searchParams.get("election"));
  const outcome = await receiveClaim(request, user, election.id);
  if ("invalid" in outcome) return formInvalid(outcome.invalid);
  if ("refused" in outcome) return userErrorReply(outcome.refused);
  return redirect(`/desk/${outcome.logged.id}`);
}

export default function Desk() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useZodForm(claimSchema, result);
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <section className="card" aria-labelledby="desk-title">
        <h1 id="desk-title">{t("rumours.deskTitle")}</h1>
        <p className="hint">{t("rumours.deskIntro")}</p>
        <h2>{t("rumours.newClaim")}</h2>
        <FormAnswer reply={result} />
        <Form method="post" encType="multipart/form-data" {...formProps(form)}>
          <label htmlFor="text">{t("rumours.text")}</label>
          <textarea {...fieldProps(fields.text, "text")} rows={3} />
          <FieldErrors field={fields.text} id="text" />
          <label htmlFor="link">{t("rumours.link")}</label>
          <input {...fieldProps(fields.link, "link")} type="url" inputMode="url" />
          <FieldErrors field={fields.link} id="link" />
          <label htmlFor="unitCode">{t("rumours.unitCode")}</label>
          <input {...fieldProps(fields.unitCode, "unitCode")} className="mono" placeholder="10-01-100101-001" />
          <FieldErrors field={fields.unitCode} id="unitCode" />
          {/* The file last: the fields are checked before it is stored. */}
          <label htmlFor="image">{t("rumours.image")}</label>
          <input id="image" name="image" type="file" accept="image/*" />
          <div className="actions">
            <button type="submit" className="primary">
              {t("rumours.log")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="claims-title">
        <h2 id="claims-title">{t("rumours.claims")}</h2>
        {d.claims.length === 0 ? (
          <p>{t("rumours.none")}</p>
        ) : (
          <ul className="plain-list" data-testid="desk-claims">
            {d.claims.map((c) => (
              <li key={c.id}>
                <Link to={`/desk/${c.id}`}>{c.text.slice(0, 80)}</Link>{" "}
                <span className="hint">{formatDateTime(c.createdAt, locale)}</span>{" "}
                <span className={`badge ${c.publishedAt ? "approved" : "pending"}`}>
                  {c.verdict && c.publishedAt ? t(`rumours.verdict.${c.verdict}`) : t("rumours.draft")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

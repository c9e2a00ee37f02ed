import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "../accounts/session.server.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { myVolunteerRecord, setContactConsent } from "../recruitment/self-service.server.ts";
import { maskNationalId } from "../recruitment/national-id.ts";
import { useLocale, useT } from "../ui/i18n.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const volunteer = await myVolunteerRecord(user.id);
  return {
    phone: formatThaiMobile(user.phone),
    roles: user.roles.map((r) => r.role),
    volunteer: volunteer && {
      nationalId: volunteer.nationalIdLast4 ? maskNationalId(volunteer.nationalIdLast4) : null,
      affiliations: volunteer.affiliations.map((a) => ({
        id: a.id,
        organisation: a.organisation,
        status: a.status,
        statusReason: a.statusReason,
        fullName: a.fullName,
        tiers: a.tiers,
        isStudent: a.isStudent,
      })),
      consents: volunteer.consents.map((c) => ({ kind: c.kind, version: c.version, givenAt: c.givenAt.toISOString(), withdrawn: !!c.withdrawnAt })),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const contact = form.get("contact");
  if (form.get("intent") !== "contact" || (contact !== "give" && contact !== "withdraw")) {
    return data({ error: "roster.badAction" }, { status: 400 });
  }
  await setContactConsent(user.id, contact === "give");
  return data({ error: null });
}

export default function Me() {
  const { phone, roles, volunteer } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {params.get("joined") && <p className="notice" role="status">{t("signup.joined")}</p>}
      <section className="card" aria-labelledby="me-title">
        <h1 id="me-title">{t("me.title")}</h1>
        <p className="badge succeeded">{t("me.signedIn")}</p>
        <dl>
          <dt>{t("me.phone")}</dt>
          <dd data-testid="my-phone">{phone}</dd>
          {volunteer?.nationalId && (
            <>
              <dt>{t("signup.nationalId")}</dt>
              <dd>{volunteer.nationalId}</dd>
            </>
          )}
          <dt>{t("me.roles")}</dt>
          <dd>{roles.length ? roles.map((r) => t(`roles.${r}`)).join(", ") : t("me.noRoles")}</dd>
        </dl>
        {!volunteer && <Link to="/join" className="button">{t("home.volunteer")}</Link>}
      </section>
      {volunteer && (
        <section className="card" aria-labelledby="aff-title">
          <h2 id="aff-title">{t("me.affiliations")}</h2>
          <ul className="plain-list">
            {volunteer.affiliations.map((a) => (
              <li key={a.id} data-testid="affiliation">
                <strong>{a.organisation ? (locale === "th" ? a.organisation.nameTh : a.organisation.nameEn) : t("signup.independent")}</strong>{" "}
                <span className={`badge ${a.status}`}>{t(`roster.status.${a.status}`)}</span>
                {a.statusReason && <span className="hint"> — {a.statusReason}</span>}
                <div className="hint">{a.fullName} · {a.tiers.map((tier) => t(`signup.tier.${tier}`)).join(", ")}{a.isStudent ? ` · ${t("roster.student")}` : ""}</div>
              </li>
            ))}
          </ul>
          <div className="actions">
            <Link to="/join" className="button secondary">{t("me.joinAnother")}</Link>
          </div>
        </section>
      )}
      {volunteer && (
        <section className="card" aria-labelledby="consent-title">
          <h2 id="consent-title">{t("me.consents")}</h2>
          <ul className="plain-list" data-testid="consents">
            {volunteer.consents.map((c, i) => (
              <li key={i}>
                {t(`me.consentKind.${c.kind}`)} · {t("me.consentVersion", { version: c.version })} ·{" "}
                {new Date(c.givenAt).toLocaleDateString(locale === "th" ? "th-TH" : "en-GB")}
                {c.withdrawn && <span className="badge failed"> {t("me.withdrawn")}</span>}
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="contact" />
            {volunteer.consents.some((c) => c.kind === "post_election_contact" && !c.withdrawn) ? (
              <button type="submit" name="contact" value="withdraw">{t("me.withdrawContact")}</button>
            ) : (
              <button type="submit" name="contact" value="give">{t("me.giveContact")}</button>
            )}
          </Form>
        </section>
      )}
      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{t("me.myData")}</h2>
        <p className="hint">{t("me.myDataHelp")}</p>
        <div className="actions">
          <a href="/me/export" className="button secondary" download>{t("me.export")}</a>
        </div>
        <Form method="post" action="/me/erase" className="erase">
          <label className="check"><input type="checkbox" name="confirm" value="yes" required /> {t("me.eraseConfirm")}</label>
          <button type="submit" className="primary">{t("me.erase")}</button>
        </Form>
      </section>
    </>
  );
}

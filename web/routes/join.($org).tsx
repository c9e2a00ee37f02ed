import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../http/guards.server.ts";
import { organisationChoices } from "../organisations/organisations.server.ts";
import { constituencies, provinces } from "../geography/areas.server.ts";
import { registerVolunteer, signupFormSchema, signupMinAge } from "../recruitment/signup.server.ts";
import { INDEPENDENT, signupFieldError, signupSchema, TIERS } from "../recruitment/signup-form.ts";
import { answerForm, formInvalid, readForm } from "../http/form.server.ts";
import {
  FieldErrors,
  fieldProps,
  FormAnswer,
  formProps,
  typedValue,
  typedValues,
  useZodForm,
} from "../ui/form-reply.tsx";
import { CONSENT_TEXTS } from "../recruitment/consent.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";

export const meta: MetaFunction = () => [{ title: "สมัครอาสาสมัคร / Volunteer sign-up" }];

// HTML only, with a script of its own that checks the fields as they are left with the
// action's schema (ui/join-form.client.ts): a newcomer on a slow phone network
// downloads no framework (issue 40).
export const handle = { hydrate: false, follow: false, script: "join-form" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisations = await organisationChoices();
  if (params.org && params.org !== INDEPENDENT && !organisations.some((o) => o.slug === params.org)) {
    throw new Response("Not found", { status: 404 });
  }
  return {
    phone: formatThaiMobile(user.phone),
    organisations,
    chosen: params.org ?? null,
    provinces: await provinces(),
    constituencies: await constituencies(),
    minAge: signupMinAge(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = await readForm(request, signupFormSchema(), signupFieldError);
  if (submission.status !== "success") return formInvalid(submission);
  return answerForm(
    async () => {
      await registerVolunteer(user.id, submission.value);
      return redirect("/me?joined=1");
    },
    { submission: submission.reply() },
  );
}

export default function Join() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useZodForm(signupSchema({ minAge: d.minAge }), result, signupFieldError);
  const typed = (name: string) => typedValue(result, name);
  const typedTiers = typedValues(result, "tiers");
  const t = useT();
  const locale = useLocale();
  const busy = useIsPending({ includeLoading: false });
  // The messages of the schema's checks in the page's language, for the page's script.
  const messages = Object.fromEntries(
    Object.entries(t("signup.errors", { returnObjects: true }) as Record<string, string>).map(([k, v]) => [
      `signup.errors.${k}`,
      v,
    ]),
  );
  const name = (o: { nameTh: string; nameEn: string }) => (locale === "th" ? o.nameTh : o.nameEn);
  const provinceName = new Map(d.provinces.map((p) => [p.code, name(p)]));
  const invalid = (field: keyof typeof fields) => ({
    "aria-invalid": fields[field].errors ? true : undefined,
    "aria-describedby": fields[field].errors ? `${field}-error` : undefined,
  });

  return (
    <section className="card" aria-labelledby="join-title">
      <h1 id="join-title">{t("signup.title")}</h1>
      <p className="hint">{t("signup.intro", { phone: d.phone })}</p>
      <FormAnswer reply={result} />
      <FieldErrors field={fields.website} id="website" />
      <script
        type="application/json"
        id="signup-messages"
        // JSON in a script element: "<" escaped so that no text can close it.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(messages).replace(/</g, "\\u003c") }}
      />
      <Form method="post" {...formProps(form)} data-checks="signup" data-min-age={d.minAge}>
        <div className="honeypot" aria-hidden="true">
          <input name="website" tabIndex={-1} autoComplete="off" />
        </div>

        <label htmlFor="fullName">{t("signup.fullName")}</label>
        <input {...fieldProps(fields.fullName, "fullName")} autoComplete="name" />
        <FieldErrors field={fields.fullName} id="fullName" />

        <label htmlFor="nationalId">{t("signup.nationalId")}</label>
        <p className="hint" id="nationalId-hint">
          {t("signup.nationalIdHint")}
        </p>
        <input
          id="nationalId"
          name="nationalId"
          defaultValue={typed("nationalId")}
          inputMode="numeric"
          autoComplete="off"
          maxLength={17}
          required
          {...invalid("nationalId")}
        />
        <FieldErrors field={fields.nationalId} id="nationalId" />

        <label htmlFor="birthDate">{t("signup.birthDate")}</label>
        {/* Day/month/year in the Buddhist era, as Thai people write it (a date picker shows
            mm/dd/yyyy in Christian years on many phones): issue 40. */}
        <p className="hint" id="birthDate-hint">
          {t("signup.birthDateHint")}
        </p>
        <input
          id="birthDate"
          name="birthDate"
          type="text"
          inputMode="numeric"
          autoComplete="bday"
          placeholder={t("signup.birthDatePlaceholder")}
          maxLength={10}
          defaultValue={typed("birthDate")}
          required
          {...invalid("birthDate")}
          aria-describedby={["birthDate-hint", invalid("birthDate")["aria-describedby"]].filter(Boolean).join(" ")}
        />
        <FieldErrors field={fields.birthDate} id="birthDate" />

        <fieldset>
          <legend>{t("signup.area")}</legend>
          <label htmlFor="provinceCode">{t("signup.province")}</label>
          <select
            id="provinceCode"
            name="provinceCode"
            defaultValue={typed("provinceCode") ?? ""}
            {...invalid("provinceCode")}
          >
            <option value="">{t("signup.any")}</option>
            {d.provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {name(p)}
              </option>
            ))}
          </select>
          <label htmlFor="constituencyId">{t("signup.constituency")}</label>
          <select
            id="constituencyId"
            name="constituencyId"
            defaultValue={typed("constituencyId") ?? ""}
            {...invalid("constituencyId")}
          >
            <option value="">{t("signup.any")}</option>
            {d.constituencies.map((c) => (
              <option key={c.id} value={c.id} data-province={c.provinceCode}>
                {provinceName.get(c.provinceCode)} {t("signup.constituencyNo", { n: c.number })}
              </option>
            ))}
          </select>
          <label htmlFor="subdistrictSearch">{t("signup.subdistrict")}</label>
          <p className="hint">{t("signup.subdistrictHint")}</p>
          <input
            id="subdistrictSearch"
            list="subdistrict-options"
            name="subdistrictCode"
            defaultValue={typed("subdistrictCode")}
            autoComplete="off"
            {...invalid("subdistrictCode")}
          />
          {/* Filled by the page's script as a name is typed. */}
          <datalist id="subdistrict-options" />
          <FieldErrors field={fields.subdistrictCode} id="subdistrictCode" />
          <FieldErrors field={fields.constituencyId} id="constituencyId" />
        </fieldset>

        <fieldset aria-describedby={fields.tiers.errors ? "tiers-error" : undefined}>
          <legend>{t("signup.tiers")}</legend>
          {TIERS.map((tier) => (
            <label key={tier} className="check">
              <input
                type="checkbox"
                name="tiers"
                value={tier}
                defaultChecked={typedTiers ? typedTiers.includes(tier) : tier === "polling_unit"}
              />{" "}
              {t(`signup.tier.${tier}`)}
            </label>
          ))}
          <FieldErrors field={fields.tiers} id="tiers" />
        </fieldset>

        <label htmlFor="organisation">{t("signup.organisation")}</label>
        <select
          id="organisation"
          name="organisation"
          defaultValue={typed("organisation") ?? d.chosen ?? ""}
          required
          {...invalid("organisation")}
        >
          <option value="" disabled>
            {t("signup.chooseOrganisation")}
          </option>
          {d.organisations.map((o) => (
            <option key={o.slug} value={o.slug}>
              {name(o)}
            </option>
          ))}
          <option value={INDEPENDENT}>{t("signup.independent")}</option>
        </select>
        <FieldErrors field={fields.organisation} id="organisation" />

        <fieldset>
          <legend>{t("signup.consent")}</legend>
          <p className="consent-text">{CONSENT_TEXTS.data_processing[locale]}</p>
          <label className="check">
            <input type="checkbox" name="consentData" required {...invalid("consentData")} /> {t("signup.consentData")}
          </label>
          <FieldErrors field={fields.consentData} id="consentData" />
          <label className="check">
            <input type="checkbox" name="consentContact" /> {CONSENT_TEXTS.post_election_contact[locale]}
          </label>
        </fieldset>

        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("signup.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

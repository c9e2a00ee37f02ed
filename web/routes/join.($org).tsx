import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "../http/guards.server.ts";
import { organisationChoices } from "../organisations/organisations.server.ts";
import { constituencies, provinces } from "../geography/areas.server.ts";
import { parseSignup, registerVolunteer } from "../recruitment/signup.server.ts";
import { fieldErrors, INDEPENDENT, TIERS } from "../recruitment/signup-form.ts";
import { signupFormValues } from "../http/form-values.ts";
import { CONSENT_TEXTS } from "../recruitment/consent.ts";
import { formatThaiMobile } from "../accounts/phone.ts";
import { isUserError } from "../errors.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";

export const meta: MetaFunction = () => [{ title: "สมัครอาสาสมัคร / Volunteer sign-up" }];

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
  };
}

// What was typed comes back with the errors, so the form (without JavaScript, a new
// page) keeps it.
type Typed = {
  fullName?: string;
  nationalId?: string;
  birthDate?: string;
  provinceCode?: string;
  constituencyId?: string;
  subdistrictCode?: string;
  organisation?: string;
  tiers?: string[];
};
type ActionData = { errors: Record<string, string>; typed: Typed };

function typedValues(values: Record<string, unknown>): Typed {
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string).slice(0, 120) : undefined);
  return {
    fullName: text("fullName"),
    nationalId: text("nationalId"),
    birthDate: text("birthDate"),
    provinceCode: text("provinceCode"),
    constituencyId: text("constituencyId"),
    subdistrictCode: text("subdistrictCode"),
    organisation: text("organisation"),
    tiers: Array.isArray(values.tiers) ? (values.tiers as string[]) : undefined,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = signupFormValues(await request.formData());
  const typed = typedValues(values);
  const parsed = parseSignup(values);
  if (!parsed.success) return data<ActionData>({ errors: fieldErrors(parsed.error), typed }, { status: 400 });
  try {
    await registerVolunteer(user.id, parsed.data);
  } catch (error) {
    if (isUserError(error)) return data<ActionData>({ errors: { form: error.code }, typed }, { status: error.status });
    throw error;
  }
  return redirect("/me?joined=1");
}

function FieldError({ errors, name }: { errors?: Record<string, string>; name: string }) {
  const t = useT();
  const key = errors?.[name];
  if (!key) return null;
  return (
    <p className="form-error" id={`${name}-error`} role="alert">
      {t(key.startsWith("signup.") ? key : `messages.${key}`)}
    </p>
  );
}

export default function Join() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const typed = result?.typed ?? {};
  const t = useT();
  const locale = useLocale();
  const busy = useIsPending({ includeLoading: false });
  const [province, setProvince] = useState(typed.provinceCode ?? "");
  const subdistricts = useFetcher<{
    results: { code: string; nameTh: string; nameEn: string; districtTh: string; districtEn: string }[];
  }>();
  const name = (o: { nameTh: string; nameEn: string }) => (locale === "th" ? o.nameTh : o.nameEn);
  const provinceName = new Map(d.provinces.map((p) => [p.code, name(p)]));
  const invalid = (field: string) => ({
    "aria-invalid": !!errors?.[field],
    "aria-describedby": errors?.[field] ? `${field}-error` : undefined,
  });

  return (
    <section className="card" aria-labelledby="join-title">
      <h1 id="join-title">{t("signup.title")}</h1>
      <p className="hint">{t("signup.intro", { phone: d.phone })}</p>
      <FieldError errors={errors} name="form" />
      <FieldError errors={errors} name="website" />
      <Form method="post" noValidate>
        <div className="honeypot" aria-hidden="true">
          <input name="website" tabIndex={-1} autoComplete="off" />
        </div>

        <label htmlFor="fullName">{t("signup.fullName")}</label>
        <input
          id="fullName"
          name="fullName"
          autoComplete="name"
          defaultValue={typed.fullName}
          required
          {...invalid("fullName")}
        />
        <FieldError errors={errors} name="fullName" />

        <label htmlFor="nationalId">{t("signup.nationalId")}</label>
        <p className="hint" id="nationalId-hint">
          {t("signup.nationalIdHint")}
        </p>
        <input
          id="nationalId"
          name="nationalId"
          defaultValue={typed.nationalId}
          inputMode="numeric"
          autoComplete="off"
          maxLength={17}
          required
          {...invalid("nationalId")}
        />
        <FieldError errors={errors} name="nationalId" />

        <label htmlFor="birthDate">{t("signup.birthDate")}</label>
        <input
          id="birthDate"
          name="birthDate"
          type="date"
          defaultValue={typed.birthDate}
          required
          {...invalid("birthDate")}
        />
        <FieldError errors={errors} name="birthDate" />

        <fieldset>
          <legend>{t("signup.area")}</legend>
          <label htmlFor="provinceCode">{t("signup.province")}</label>
          <select
            id="provinceCode"
            name="provinceCode"
            value={province}
            onChange={(e) => setProvince(e.target.value)}
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
            defaultValue={typed.constituencyId ?? ""}
            {...invalid("constituencyId")}
          >
            <option value="">{t("signup.any")}</option>
            {d.constituencies
              .filter((c) => !province || c.provinceCode === province)
              .map((c) => (
                <option key={c.id} value={c.id}>
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
            defaultValue={typed.subdistrictCode}
            autoComplete="off"
            onChange={(e) => {
              const q = e.target.value;
              if (q.length >= 2 && !/^\d+$/.test(q))
                subdistricts.load(
                  `/areas/subdistricts?q=${encodeURIComponent(q)}${province ? `&province=${province}` : ""}`,
                );
            }}
            {...invalid("subdistrictCode")}
          />
          <datalist id="subdistrict-options">
            {subdistricts.data?.results.map((s) => (
              <option key={s.code} value={s.code}>
                {locale === "th" ? `${s.nameTh}, ${s.districtTh}` : `${s.nameEn}, ${s.districtEn}`}
              </option>
            ))}
          </datalist>
          <FieldError errors={errors} name="subdistrictCode" />
          <FieldError errors={errors} name="constituencyId" />
        </fieldset>

        <fieldset aria-describedby={errors?.tiers ? "tiers-error" : undefined}>
          <legend>{t("signup.tiers")}</legend>
          {TIERS.map((tier) => (
            <label key={tier} className="check">
              <input
                type="checkbox"
                name="tiers"
                value={tier}
                defaultChecked={typed.tiers ? typed.tiers.includes(tier) : tier === "polling_unit"}
              />{" "}
              {t(`signup.tier.${tier}`)}
            </label>
          ))}
          <FieldError errors={errors} name="tiers" />
        </fieldset>

        <label htmlFor="organisation">{t("signup.organisation")}</label>
        <select
          id="organisation"
          name="organisation"
          defaultValue={typed.organisation ?? d.chosen ?? ""}
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
        <FieldError errors={errors} name="organisation" />

        <fieldset>
          <legend>{t("signup.consent")}</legend>
          <p className="consent-text">{CONSENT_TEXTS.data_processing[locale]}</p>
          <label className="check">
            <input type="checkbox" name="consentData" required {...invalid("consentData")} /> {t("signup.consentData")}
          </label>
          <FieldError errors={errors} name="consentData" />
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

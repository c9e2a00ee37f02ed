import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { maskPhone } from "../accounts/phone.ts";
import { appointSchema } from "../organisations/organisations.server.ts";
import { appointSponsorStaff, createSponsor, listSponsors, sponsorSchema } from "../coupons/sponsors.server.ts";
import { useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, formRefused, formRefusedFirst, readForm } from "../http/form.server.ts";

export const meta: MetaFunction = () => [{ title: "ผู้สนับสนุน / Sponsors" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "sponsors:manage");
  const sponsors = await listSponsors();
  return {
    sponsors: sponsors.map((s) => ({
      id: s.id,
      slug: s.slug,
      nameTh: s.nameTh,
      nameEn: s.nameEn,
      offers: s._count.offers,
      staff: s.staff.map((g) => maskPhone(g.user.phone)),
    })),
  };
}

const sponsorsForm = z.discriminatedUnion("intent", [
  sponsorSchema.extend({ intent: z.literal("create") }),
  appointSchema.extend({ intent: z.literal("appoint"), sponsorId: z.uuid() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sponsors:manage");
  const submission = await readForm(request, sponsorsForm);
  if (submission.status !== "success")
    return submission.payload.intent === "appoint" && submission.error?.phone
      ? formRefused("organisations.errors.phone")
      : formRefusedFirst(submission);
  const input = submission.value;
  return answerForm(async () => {
    if (input.intent === "create") {
      const { intent: _intent, ...sponsor } = input;
      await createSponsor(sponsor);
      return formDone("coupons.created");
    }
    await appointSponsorStaff(input.sponsorId, input.phone, user.id);
    return formDone("coupons.appointed");
  });
}

export default function Sponsors() {
  const { sponsors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  const error = result?.error && (
    <p className="form-error" role="alert">
      {t(result.error.key, result.error.params ?? {})}
    </p>
  );
  return (
    <>
      <section className="card" aria-labelledby="sp-title">
        <h1 id="sp-title">{t("coupons.sponsorsTitle")}</h1>
        {result?.notice && (
          <p className="notice" role="status">
            {t(result.notice.key)}
          </p>
        )}
        {error}
        <ul className="plain-list org-list">
          {sponsors.map((s) => (
            <li key={s.id}>
              <h2>
                <Link to={`/sponsor/${s.slug}`}>{s.nameTh}</Link> <span className="hint">{s.nameEn}</span>
              </h2>
              <p className="hint">
                {t("coupons.offersCount", { count: s.offers })} · {t("coupons.staff")}: {s.staff.join(", ") || "–"}
              </p>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="appoint" />
                <input type="hidden" name="sponsorId" value={s.id} />
                <label htmlFor={`phone-${s.id}`}>{t("coupons.appoint")}</label>
                <input id={`phone-${s.id}`} name="phone" type="tel" inputMode="tel" required />
                <button type="submit" className="secondary" disabled={busy}>
                  {t("coupons.appoint").split(" (")[0]}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="sp-new">
        <h2 id="sp-new">{t("coupons.createSponsor")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="slug">{t("organisations.slug")}</label>
          <input id="slug" name="slug" required pattern="[a-z0-9][a-z0-9-]{1,38}[a-z0-9]" />
          <label htmlFor="nameTh">{t("organisations.nameTh")}</label>
          <input id="nameTh" name="nameTh" required />
          <label htmlFor="nameEn">{t("organisations.nameEn")}</label>
          <input id="nameEn" name="nameEn" required />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("coupons.createSponsor")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

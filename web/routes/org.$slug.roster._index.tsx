import { z } from "zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrganisationPermission } from "../http/guards.server.ts";
import { signupQrSvg, signupUrl } from "../organisations/organisations.server.ts";
import { changeStatus, rosterPage, statusCounts } from "../recruitment/roster.server.ts";
import { STATUS_ACTIONS } from "../recruitment/status.ts";
import { AGE_GROUPS, parseRosterFilter, STATUSES } from "../recruitment/roster-filters.ts";
import { ageOn, TIERS } from "../recruitment/signup-form.ts";
import { maskNationalId } from "../recruitment/national-id.ts";
import { constituencies, provinces } from "../geography/areas.server.ts";
import { UserError } from "../errors.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { formatNumber } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm, formDone, readForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";

export const meta: MetaFunction = () => [{ title: "รายชื่ออาสาสมัคร / Roster" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(request, params.slug, "roster:read");
  const filter = parseRosterFilter(new URL(request.url).searchParams);
  const [page, counts, provinceList, constituencyList, qr] = await Promise.all([
    rosterPage(organisation.id, filter),
    statusCounts(organisation.id),
    provinces(),
    constituencies(filter.province),
    signupQrSvg(organisation.slug),
  ]);
  const today = new Date();
  return {
    organisation: { slug: organisation.slug, nameTh: organisation.nameTh, nameEn: organisation.nameEn },
    signupUrl: signupUrl(organisation.slug),
    qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString("base64")}`,
    filter,
    total: page.total,
    pages: page.pages,
    counts,
    provinces: provinceList,
    constituencies: constituencyList,
    rows: page.rows.map((r) => ({
      id: r.id,
      fullName: r.fullName,
      status: r.status,
      age: ageOn(r.birthDate, today),
      isStudent: r.isStudent,
      provinceCode: r.provinceCode,
      constituencyId: r.constituencyId,
      tiers: r.tiers,
      nationalId: r.volunteer.nationalIdLast4 ? maskNationalId(r.volunteer.nationalIdLast4) : "—",
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

const bulkForm = z.object({
  action: z.enum(STATUS_ACTIONS),
  // The ticked rows (one `id` field each): none is refused with its own message below.
  id: z.union([z.uuid(), z.array(z.uuid())]).optional(),
  reason: z.string().max(500).optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisationPermission(request, params.slug, "roster:manage");
  const submission = await readForm(request, bulkForm);
  return answerForm(async () => {
    if (submission.status !== "success") throw new UserError(400, "roster.badAction");
    const { action: act, id, reason } = submission.value;
    const ids = id === undefined ? [] : Array.isArray(id) ? id : [id];
    if (!ids.length) throw new UserError(400, "roster.noSelection");
    const result = await changeStatus(organisation.id, ids, act, reason ?? "", user.id);
    return formDone({ key: "roster.changed", params: result });
  });
}

/** One filter: a labelled select whose first option means "all". */
function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
}) {
  const t = useT();
  return (
    <div>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{t("roster.any")}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function Roster() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const busy = useIsPending();
  const name = (o: { nameTh: string; nameEn: string }) => (locale === "th" ? o.nameTh : o.nameEn);
  const provinceName = new Map(d.provinces.map((p) => [p.code, name(p)]));
  const n = (v: number) => formatNumber(v, locale);
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next}`;
  };
  const exportLink = () => {
    const next = new URLSearchParams(params);
    next.delete("page");
    return `/org/${d.organisation.slug}/roster/export?${next}`;
  };

  return (
    <>
      <section className="card" aria-labelledby="roster-title">
        <h1 id="roster-title">
          {t("roster.title")}: {name(d.organisation)}
        </h1>
        <div className="signup-link">
          <img src={d.qr} alt={t("roster.signupLink")} width={120} height={120} />
          <div>
            <h2>{t("roster.signupLink")}</h2>
            <p className="hint">{t("roster.signupLinkHelp")}</p>
            <p>
              <a href={d.signupUrl} data-testid="signup-link">
                {d.signupUrl}
              </a>
            </p>
            <p>
              <a href={`/org/${d.organisation.slug}/qr.svg`} download>
                {t("roster.downloadQr")}
              </a>
            </p>
          </div>
        </div>
        <h2>{t("roster.counts")}</h2>
        <ul className="status-counts">
          {STATUSES.map((s) => (
            <li key={s}>
              <span className={`badge ${s}`}>{t(`roster.status.${s}`)}</span>{" "}
              <strong data-testid={`count-${s}`}>{n(d.counts[s] ?? 0)}</strong>
            </li>
          ))}
        </ul>
        <div className="actions">
          <Link to={`/org/${d.organisation.slug}/imports`} className="button">
            {t("roster.importCsv")}
          </Link>
          <a href={exportLink()} className="button" download>
            {t("roster.exportCsv")}
          </a>
        </div>
        <p className="hint">{t("roster.exportHint")}</p>
      </section>

      <section className="card" aria-labelledby="filter-title">
        <h2 id="filter-title">{t("roster.filters")}</h2>
        <Form method="get" className="filters">
          <div>
            <label htmlFor="q">{t("roster.search")}</label>
            <input id="q" name="q" type="search" defaultValue={d.filter.q ?? ""} aria-describedby="q-hint" />
            <p className="hint" id="q-hint">
              {t("roster.searchHint")}
            </p>
          </div>
          <FilterSelect
            name="status"
            label={t("roster.statusLabel")}
            value={d.filter.status}
            options={STATUSES.map((v) => [v, t(`roster.status.${v}`)])}
          />
          <FilterSelect
            name="tier"
            label={t("roster.tier")}
            value={d.filter.tier}
            options={TIERS.map((v) => [v, t(`signup.tier.${v}`)])}
          />
          <FilterSelect
            name="province"
            label={t("roster.province")}
            value={d.filter.province}
            options={d.provinces.map((p) => [p.code, name(p)])}
          />
          <FilterSelect
            name="constituency"
            label={t("roster.constituency")}
            value={d.filter.constituency}
            options={d.constituencies.map((c) => [
              c.id,
              `${provinceName.get(c.provinceCode)} ${t("signup.constituencyNo", { n: c.number })}`,
            ])}
          />
          <FilterSelect
            name="age"
            label={t("roster.ageGroup")}
            value={d.filter.age}
            options={Object.keys(AGE_GROUPS).map((v) => [v, t(`roster.ages.${v}`)])}
          />
          <div className="actions">
            <button type="submit" className="primary">
              {t("roster.apply")}
            </button>
            <Link to="." className="button">
              {t("roster.clear")}
            </Link>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title" data-testid="roster-total">
          {t("roster.total", { count: d.total, formatted: n(d.total) })}
        </h2>
        <FormAnswer reply={result} noticeTestId="bulk-result" />
        {d.rows.length === 0 ? (
          <p>{t("roster.empty")}</p>
        ) : (
          <Form method="post" replace>
            <div className="table-scroll" tabIndex={0}>
              <table className="roster">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t("roster.selectPage")}</span>
                    </th>
                    <th scope="col">{t("roster.name")}</th>
                    <th scope="col">{t("roster.statusLabel")}</th>
                    <th scope="col">{t("roster.age")}</th>
                    <th scope="col">{t("roster.area")}</th>
                    <th scope="col">{t("roster.tiers")}</th>
                    <th scope="col">{t("roster.nationalId")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="id"
                          value={r.id}
                          aria-label={t("roster.select", { name: r.fullName })}
                        />
                      </td>
                      <td>
                        <Link to={r.id}>{r.fullName}</Link>
                      </td>
                      <td>
                        <span className={`badge ${r.status}`}>{t(`roster.status.${r.status}`)}</span>
                      </td>
                      <td>
                        {r.age}
                        {r.isStudent ? ` · ${t("roster.student")}` : ""}
                      </td>
                      <td>
                        {r.provinceCode ? provinceName.get(r.provinceCode) : "—"}
                        {r.constituencyId ? ` (${r.constituencyId})` : ""}
                      </td>
                      <td>{r.tiers.map((tier) => t(`signup.tierShort.${tier}`)).join(", ")}</td>
                      <td className="mono">{r.nationalId}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <fieldset className="bulk">
              <legend>{t("roster.bulkTitle")}</legend>
              <label htmlFor="bulk-action">{t("roster.action")}</label>
              <select id="bulk-action" name="action" required>
                {STATUS_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {t(`roster.actions.${a}`)}
                  </option>
                ))}
              </select>
              <label htmlFor="bulk-reason">{t("roster.reason")}</label>
              <input id="bulk-reason" name="reason" maxLength={500} aria-describedby="bulk-reason-hint" />
              <p className="hint" id="bulk-reason-hint">
                {t("roster.reasonHint")}
              </p>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t("roster.applyBulk")}
                </button>
              </div>
            </fieldset>
          </Form>
        )}
        <nav className="pager" aria-label={t("roster.pageOf", { page: d.filter.page, pages: d.pages })}>
          {d.filter.page > 1 && (
            <Link to={pageLink(d.filter.page - 1)} rel="prev">
              ← {t("roster.prev")}
            </Link>
          )}
          <span>{t("roster.pageOf", { page: d.filter.page, pages: d.pages })}</span>
          {d.filter.page < d.pages && (
            <Link to={pageLink(d.filter.page + 1)} rel="next">
              {t("roster.next")} →
            </Link>
          )}
        </nav>
      </section>
    </>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../http/guards.server.ts";
import { coverageSummary, uncoveredUnits } from "../assignment/coverage.server.ts";
import { uncoveredOf } from "../assignment/coverage.ts";
import { provinces } from "../geography/areas.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { CoverageBar, CoverageLegend } from "../ui/coverage.tsx";
import { formatNumber } from "../i18n/format.ts";
import { requestElectionOrNull } from "../http/election-param.server.ts";

export const meta: MetaFunction = () => [{ title: "ความครอบคลุม / Coverage" }];

const query = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "coverage:read");
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const election = await requestElectionOrNull(request);
  const [summary, names, uncovered] = await Promise.all([
    coverageSummary(election?.id ?? null),
    provinces(),
    uncoveredUnits(election?.id ?? null, { province: q.province, page: q.page, pageSize: 50 }),
  ]);
  return {
    q,
    election: election && { nameTh: election.nameTh, nameEn: election.nameEn },
    nation: summary.nation,
    provinces: summary.provinces,
    constituencies: q.province ? summary.constituencies.filter((c) => c.id.startsWith(`${q.province}-`)) : [],
    names: Object.fromEntries(names.map((p) => [p.code, { th: p.nameTh, en: p.nameEn }])),
    uncovered,
  };
}

export default function Coverage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const pct = (part: number, whole: number) => (whole ? `${Math.round((1000 * part) / whole) / 10}%` : "—");
  const provinceName = (code: string) => d.names[code]?.[locale] ?? code;
  const rows = d.q.province ? d.constituencies : d.provinces;
  return (
    <>
      <section className="card" aria-labelledby="cov-title">
        <h1 id="cov-title">{t("coverage.title")}</h1>
        {d.election && (
          <p className="hint" data-testid="coverage-election">
            {locale === "th" ? d.election.nameTh : d.election.nameEn}
          </p>
        )}
        <p data-testid="nation-coverage">
          {t("coverage.nation")}: <strong>{pct(d.nation.reporters, d.nation.units)}</strong> · {t("coverage.reporters")}{" "}
          {n(d.nation.reporters)} / {n(d.nation.units)} · {t("coverage.backups")} {n(d.nation.backups)} ·{" "}
          {t("coverage.uncovered")} {n(uncoveredOf(d.nation))}
        </p>
        <CoverageBar
          units={d.nation.units}
          reporters={d.nation.reporters}
          backups={d.nation.backups}
          label={t("coverage.nation")}
        />
        <CoverageLegend />
        <p>
          <a href="/coverage/targets.csv" className="button" download>
            {t("coverage.targets")}
          </a>
        </p>
        <p className="hint">{t("coverage.targetsHelp")}</p>
      </section>
      <section className="card" aria-labelledby="table-title">
        <h2 id="table-title">{d.q.province ? provinceName(d.q.province) : t("coverage.chart")}</h2>
        {d.q.province && (
          <p>
            <Link to="/coverage">← {t("coverage.all")}</Link>
          </p>
        )}
        <div className="table-scroll" tabIndex={0}>
          <table className="coverage-table" data-testid="coverage-table">
            <thead>
              <tr>
                <th scope="col">{t(d.q.province ? "coverage.constituency" : "coverage.province")}</th>
                <th scope="col">{t("coverage.percent")}</th>
                <th scope="col">{t("coverage.units")}</th>
                <th scope="col">{t("coverage.reporters")}</th>
                <th scope="col">{t("coverage.backups")}</th>
                <th scope="col">{t("coverage.uncovered")}</th>
                <th scope="col">{t("coverage.available")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {d.q.province ? r.id : <Link to={`?province=${r.id}`}>{provinceName(r.id)}</Link>}
                  </th>
                  <td className="bar-cell">
                    {pct(r.reporters, r.units)}
                    <CoverageBar units={r.units} reporters={r.reporters} backups={r.backups} label={r.id} />
                  </td>
                  <td>{n(r.units)}</td>
                  <td>{n(r.reporters)}</td>
                  <td>{n(r.backups)}</td>
                  <td>{n(uncoveredOf(r))}</td>
                  <td>{n(r.available)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="uncovered-title">
        <h2 id="uncovered-title">
          {t("coverage.uncoveredList")} ({n(d.uncovered.total)})
        </h2>
        <Form method="get" className="inline-form">
          <label htmlFor="province">{t("coverage.province")}</label>
          <select id="province" name="province" defaultValue={d.q.province ?? ""}>
            <option value="">{t("coverage.all")}</option>
            {Object.keys(d.names)
              .sort()
              .map((code) => (
                <option key={code} value={code}>
                  {provinceName(code)}
                </option>
              ))}
          </select>
          <button type="submit">{t("coverage.show")}</button>
        </Form>
        <ul className="plain-list" data-testid="uncovered">
          {d.uncovered.rows.map((u) => (
            <li key={u.code}>
              <span className="mono">{u.code}</span> · {u.locationName} · ต.{u.subdistrict} อ.{u.district}
            </li>
          ))}
        </ul>
        <nav className="pager">
          {d.q.page > 1 && (
            <Link
              to={`?${new URLSearchParams({ ...(d.q.province ? { province: d.q.province } : {}), page: String(d.q.page - 1) })}`}
            >
              ← {t("roster.prev")}
            </Link>
          )}
          <span>{t("roster.pageOf", { page: d.q.page, pages: d.uncovered.pages })}</span>
          {d.q.page < d.uncovered.pages && (
            <Link
              to={`?${new URLSearchParams({ ...(d.q.province ? { province: d.q.province } : {}), page: String(d.q.page + 1) })}`}
            >
              {t("roster.next")} →
            </Link>
          )}
        </nav>
      </section>
    </>
  );
}

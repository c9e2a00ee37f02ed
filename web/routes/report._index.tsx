import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../http/guards.server.ts";
import { can } from "../accounts/permissions.ts";
import { myReportUnits } from "../tally/report-units.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { OutboxStatus } from "../ui/outbox-status.tsx";

export const meta: MetaFunction = () => [{ title: "รายงานผล / Report" }];

// HTML only (issue 40): links and a GET form; the volunteer's first page stays light.
// The outbox script sends what was kept on the phone with no signal (ui/outbox.client.ts).
export const handle = { hydrate: false, follow: false, script: "outbox" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const staff = can(user, "constituency:manage") || can(user, "warroom:verify");
  // Staff open any unit in their scope by its code (the page checks the scope).
  const code = new URL(request.url).searchParams.get("unit")?.trim();
  if (staff && code && /^\d{2}-\d{2}-\d{6}-\d{3}$/.test(code)) throw redirect(`/verify/${code}/constituency`);
  return { units: await myReportUnits(user.id), staff };
}

export default function ReportIndex() {
  const { units, staff } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="r-title">
      <h1 id="r-title">{t("report.title")}</h1>
      <OutboxStatus />
      <h2>{t("report.myUnits")}</h2>
      {units.length === 0 ? (
        <p>{t("report.noUnit")}</p>
      ) : (
        units.map((u) => (
          <div key={u.code} data-testid="report-unit">
            <p>
              <strong className="mono">{u.code}</strong>
              <br />
              <span className="hint">{locale === "th" ? u.addressTh : u.addressEn}</span>
            </p>
            {u.elections.map((e) => (
              <div key={e.slug} data-testid="report-election">
                {(u.elections.length > 1 || units.length > 1) && <h3>{locale === "th" ? e.nameTh : e.nameEn}</h3>}
                <ul className="plain-list">
                  {e.ballots.map((b) => (
                    <li key={b.key}>
                      <Link to={`/report/${u.code}/${b.key}${e.query}`} className="button">
                        {locale === "th" ? b.nameTh : b.nameEn}
                      </Link>{" "}
                      <Link
                        to={`/live/${u.code}/${b.key}${e.query}`}
                        className="button secondary"
                        data-testid="live-link"
                      >
                        {t("live.startRealtime")}
                      </Link>{" "}
                      <span className="badge">{t(`report.status.${b.status}`)}</span>
                    </li>
                  ))}
                  <li>
                    <Link
                      to={`/report/${u.code}/checklist?phase=opening${e.query.replace("?", "&")}`}
                      className="button secondary"
                      data-testid="checklist-link"
                    >
                      {t("checklist.link")}
                    </Link>
                  </li>
                  <li>
                    <Link
                      to={`/report/${u.code}/incident${e.query}`}
                      className="button secondary"
                      data-testid="incident-link"
                    >
                      {t("incident.report")}
                    </Link>
                  </li>
                </ul>
              </div>
            ))}
          </div>
        ))
      )}
      {staff && (
        <Form method="get" className="inline-form">
          <label htmlFor="unit">{t("report.staffUnit")}</label>
          <input id="unit" name="unit" className="mono" placeholder="10-01-100101-001" />
          <button type="submit">{t("report.open")}</button>
        </Form>
      )}
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { tallyPage, tallyPost } from "../http/tally-pages.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { TallyEntry } from "../ui/tally-form.tsx";

export const meta: MetaFunction = () => [{ title: "รายงานผล / Report" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view } = await tallyPage(request, params, "report");
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  return tallyPost(request, params, "report");
}

export default function Report() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="report-title">
      <p>
        <Link to={`/report${d.electionQuery}`}>← {t("report.myUnits")}</Link>
      </p>
      <h1 id="report-title">{locale === "th" ? d.contest.nameTh : d.contest.nameEn}</h1>
      <p className="hint">{locale === "th" ? d.election.nameTh : d.election.nameEn}</p>
      <p className="mono">{d.unit.code}</p>
      {d.unit.kind !== "polling" && (
        <p className="badge" data-testid="unit-kind">
          {t(`report.unitKind.${d.unit.kind}`)}
        </p>
      )}
      <p className="hint">{locale === "th" ? d.unit.addressTh : d.unit.addressEn}</p>
      <p data-testid="result-status">
        <span className={`badge ${d.status === "verified" ? "approved" : d.status === "none" ? "" : "pending"}`}>
          {t(`report.status.${d.status}`)}
        </span>
      </p>
      <TallyEntry mode="report" view={d} result={result && "error" in result ? result : null} />
    </section>
  );
}

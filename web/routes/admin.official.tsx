import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../accounts/guards.server.ts";
import { currentElection } from "../tally/entries.server.ts";
import { importOfficialCsv, officialDifferences } from "../results/official.server.ts";
import { importUploadedCsv, type ImportAnswer } from "../csv/upload.server.ts";
import { ImportAnswerView } from "../ui/import-answer.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "เทียบ กกต. / vs ECT" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "warroom:verify");
  const election = await currentElection().catch(() => null);
  if (!election) throw new Response("No election", { status: 404 });
  return officialDifferences(election.id);
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "warroom:verify");
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return data<ImportAnswer>({ error: "upload.missing" }, { status: 400 });
  const election = await currentElection();
  return importUploadedCsv(request, ["file"], "official.imported", (client, _field, input) => importOfficialCsv(client, election.id, input));
}

export default function Official() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <section className="card" aria-labelledby="of-title">
      <h1 id="of-title">{t("official.title")}</h1>
      <p className="hint">{t("official.help")}</p>
      <ImportAnswerView answer={result} />
      <Form method="post" encType="multipart/form-data">
        <label htmlFor="file">{t("official.file")}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <div className="actions"><button type="submit" disabled={busy}>{t("official.upload")}</button></div>
      </Form>
      <p data-testid="compared">{t("official.compared", { n: d.compared })}</p>
      <h2>{t("official.byConstituency")}</h2>
      {d.byConstituency.length === 0 ? <p>{t("official.none")}</p> : (
        <table data-testid="official-constituencies">
          <thead><tr><th scope="col">&nbsp;</th><th scope="col">{t("report.votes")}</th><th scope="col">{t("official.ours")}</th><th scope="col">{t("official.officialCol")}</th><th scope="col">{t("official.diff")}</th></tr></thead>
          <tbody>{d.byConstituency.map((r) => <tr key={`${r.constituencyId}-${r.ballot}-${r.number}`}><td><Link to={`/results/c/${r.constituencyId}`}>{r.constituencyId}</Link> {t(`report.ballot.${r.ballot}`)}</td><td>{r.number}</td><td>{r.ours}</td><td>{r.official}</td><td>{r.ours - r.official}</td></tr>)}</tbody>
        </table>
      )}
      <h2>{t("official.units")}</h2>
      {d.units.length === 0 ? <p>{t("official.none")}</p> : (
        <table data-testid="official-units">
          <tbody>{d.units.map((r) => <tr key={`${r.unitCode}-${r.ballot}-${r.number}`}><td><Link to={`/results/u/${r.unitCode}`} className="mono">{r.unitCode}</Link></td><td>{t(`report.ballot.${r.ballot}`)} {t("report.number", { n: r.number })}</td><td>{r.ours}</td><td>{r.official}</td><td>{r.ours - r.official}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

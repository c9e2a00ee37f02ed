import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { requestElection } from "../http/election-param.server.ts";
import { importOfficialCsv, officialDifferences } from "../results/official.server.ts";
import { importUploadedCsv, type ImportLines } from "../http/csv-upload.server.ts";
import { formRefused } from "../http/form.server.ts";
import { ImportAnswerView } from "../ui/import-answer.tsx";
import { OfficialDifferences } from "../ui/official-differences.tsx";
import { useT } from "../ui/i18n.tsx";
import { useIsPending } from "../ui/use-is-pending.ts";

export const meta: MetaFunction = () => [{ title: "เทียบ กกต. / vs ECT" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "warroom:verify");
  const election = await requestElection(request);
  return officialDifferences(election.id);
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "warroom:verify");
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data"))
    return formRefused<ImportLines>("upload.missing", 400, { lineErrors: null });
  const election = await requestElection(request);
  return importUploadedCsv(request, ["file"], "official.imported", (client, _field, input) =>
    importOfficialCsv(client, election.id, input),
  );
}

export default function Official() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending();
  const t = useT();
  return (
    <section className="card" aria-labelledby="of-title">
      <h1 id="of-title">{t("official.title")}</h1>
      <p className="hint">{t("official.help")}</p>
      <ImportAnswerView answer={result} />
      <Form method="post" encType="multipart/form-data">
        <label htmlFor="file">{t("official.file")}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("official.upload")}
          </button>
        </div>
      </Form>
      <OfficialDifferences d={d} />
    </section>
  );
}

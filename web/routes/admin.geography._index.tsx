import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { geographyCounts, receiveGeoImport, recentGeoImports } from "../geography/import-job.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { RecentImports } from "../ui/import-status.tsx";
import { formatNumber } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { answerForm } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { multipartParts } from "../http/multipart.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "geography:import");
  const [counts, imports] = await Promise.all([geographyCounts(), recentGeoImports()]);
  return {
    counts,
    imports: imports.map((i) => ({
      id: i.id,
      fileName: i.fileName,
      status: i.status,
      rowsRead: i.rowsRead,
      errorCount: i.errorCount,
      createdAt: i.createdAt.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "geography:import");
  return answerForm(async () => {
    const row = await receiveGeoImport(multipartParts(request), user.id);
    return redirect(`/admin/geography/${row.id}`);
  });
}

export default function GeographyAdmin() {
  const { counts, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useIsPending({ includeLoading: false });
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const levels = [
    ["home.provinces", counts.provinces],
    ["home.constituencies", counts.constituencies],
    ["geography.districts", counts.districts],
    ["geography.subdistricts", counts.subdistricts],
    ["home.units", counts.units],
  ] as const;
  return (
    <>
      <section className="card" aria-labelledby="geo-title">
        <h1 id="geo-title">{t("geography.title")}</h1>
        <h2>{t("geography.counts")}</h2>
        <table>
          <tbody>
            {levels.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{t(key)}</th>
                <td data-testid={`count-${key}`}>{n(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="import-title">
        <h2 id="import-title">{t("geography.importTitle")}</h2>
        <p className="hint">{t("geography.importHelp")}</p>
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="file">{t("geography.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
          <FormAnswer reply={result} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("geography.upload")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t("geography.recent")}</h2>
        <RecentImports imports={imports} />
      </section>
    </>
  );
}

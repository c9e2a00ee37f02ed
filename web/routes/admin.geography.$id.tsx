import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requirePermission } from "../http/guards.server.ts";
import { geoImportStatus } from "../geography/import-job.server.ts";
import type { LineError, GeoImportSummary } from "../geography/import.server.ts";
import { useT } from "../ui/i18n.tsx";
import { ImportStatusBadge, NoScriptRefresh, useRefreshWhile } from "../ui/import-status.tsx";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "geography:import");
  const id = z.uuid().safeParse(params.id);
  const record = id.success ? await geoImportStatus(id.data) : null;
  invariantResponse(record, "Not found");
  return {
    id: record.id,
    fileName: record.fileName,
    status: record.status,
    percent: record.totalBytes ? Math.round((100 * record.bytesRead) / record.totalBytes) : 0,
    rowsRead: record.rowsRead,
    errorCount: record.errorCount,
    errors: ((record.errors ?? []) as unknown as LineError[]).slice(0, 200),
    summary: record.summary as unknown as GeoImportSummary | null,
  };
}

export default function GeoImportProgress() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const running = d.status === "queued" || d.status === "running";
  useRefreshWhile(running);
  return (
    <section className="card" aria-labelledby="import-title">
      <NoScriptRefresh running={running} />
      <p>
        <Link to="/admin/geography">← {t("geography.title")}</Link>
      </p>
      <h1 id="import-title">{d.fileName}</h1>
      <p>
        <ImportStatusBadge status={d.status} /> {t("geography.rows", { count: d.rowsRead })}
      </p>
      <label htmlFor="import-progress">
        {t("geography.progress")}: {d.status === "succeeded" ? 100 : d.percent}%
      </label>
      <progress
        id="import-progress"
        className="progress"
        max={100}
        value={d.status === "succeeded" ? 100 : d.percent}
        aria-live="polite"
      />
      {d.summary && (
        <p data-testid="import-summary">
          {t("geography.changed", { count: d.summary.changed })} · {t("home.provinces")} {d.summary.provinces} ·{" "}
          {t("home.constituencies")} {d.summary.constituencies} · {t("home.units")} {d.summary.units}
        </p>
      )}
      {d.errorCount > 0 && (
        <>
          <p className="form-error" role="alert">
            {t("geography.errors", { count: d.errorCount })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("geography.line")}</th>
                <th scope="col">&nbsp;</th>
              </tr>
            </thead>
            <tbody>
              {d.errors.map((e) => (
                <tr key={`${e.line}-${e.message}`}>
                  <td>{e.line}</td>
                  <td>{e.code ? t(`geoErrors.${e.code}`, e.params) : e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

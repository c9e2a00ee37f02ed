import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invariantResponse, requireOrganisationPermission } from "../http/guards.server.ts";
import { rosterImport } from "../recruitment/roster-import-job.server.ts";
import type { RosterLineError } from "../recruitment/roster-import.server.ts";
import { useT } from "../ui/i18n.tsx";
import { ImportStatusBadge, NoScriptRefresh, useRefreshWhile } from "../ui/import-status.tsx";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(request, params.slug, "roster:manage");
  const id = z.uuid().safeParse(params.id);
  const record = id.success ? await rosterImport(organisation.id, id.data) : null;
  invariantResponse(record, "Not found");
  return {
    slug: organisation.slug,
    id: record.id,
    fileName: record.fileName,
    status: record.status,
    percent:
      record.status === "succeeded"
        ? 100
        : record.totalBytes
          ? Math.round((100 * record.bytesRead) / record.totalBytes)
          : 0,
    rowsRead: record.rowsRead,
    counts: {
      created: record.created,
      updated: record.updated,
      unchanged: record.unchanged,
      invited: record.invited,
      invalid: record.invalid,
    },
    failure: record.failure,
    errors: (record.errors ?? []) as unknown as RosterLineError[],
    hasErrorFile: !!record.errorFilePath,
  };
}

export const meta: MetaFunction<typeof loader> = () => [{ title: "นำเข้ารายชื่อ / Roster import" }];

export default function RosterImportProgress() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const running = d.status === "queued" || d.status === "running";
  useRefreshWhile(running);
  const done = d.status === "succeeded";
  return (
    <section className="card" aria-labelledby="import-title">
      <NoScriptRefresh running={running} />
      <p>
        <Link to={`/org/${d.slug}/imports`}>← {t("imports.title")}</Link>
      </p>
      <h1 id="import-title">{d.fileName}</h1>
      <p>
        <ImportStatusBadge status={d.status} /> {t("geography.rows", { count: d.rowsRead })}
      </p>
      <label htmlFor="import-progress">
        {t("geography.progress")}: {d.percent}%
      </label>
      <progress id="import-progress" className="progress" max={100} value={d.percent} aria-live="polite" />
      {done && (
        <ul className="import-counts" data-testid="import-summary">
          <li className="created">{t("imports.created", { count: d.counts.created })}</li>
          <li className="updated">{t("imports.updated", { count: d.counts.updated })}</li>
          <li className="unchanged">{t("imports.unchanged", { count: d.counts.unchanged })}</li>
          <li className="invited">{t("imports.invited", { count: d.counts.invited })}</li>
          <li className="invalid">{t("imports.invalid", { count: d.counts.invalid })}</li>
        </ul>
      )}
      {d.failure && (
        <p className="form-error" role="alert">
          {t("imports.refused")}
        </p>
      )}
      {d.hasErrorFile && (
        <p>
          <a href={`${d.id}/errors.csv`} className="button" download>
            {t("imports.downloadErrors")}
          </a>
        </p>
      )}
      {d.errors.length > 0 && (
        <>
          {d.counts.invalid > d.errors.length && (
            <p className="hint">{t("imports.errorsShown", { shown: d.errors.length, count: d.counts.invalid })}</p>
          )}
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("geography.line")}</th>
                  <th scope="col">&nbsp;</th>
                </tr>
              </thead>
              <tbody>
                {d.errors.map((e, i) => (
                  <tr key={`${e.line}-${i}`}>
                    <td>{e.line}</td>
                    <td>{t(`rosterErrors.${e.code}`, e.params ?? {})}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../http/guards.server.ts";
import { geographyCounts, queueGeoImport, recentGeoImports } from "../geography/import-job.server.ts";
import { isUserError, UserError } from "../errors.ts";
import { ErrorMessage, useLocale, useT } from "../ui/i18n.tsx";
import { RecentImports } from "../ui/import-status.tsx";
import { formatNumber } from "../i18n/format.ts";
import { useIsPending } from "../ui/use-is-pending.ts";
import { userErrorReply } from "../http/user-errors.server.ts";

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
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    return data({ error: { code: "upload.missing" } }, { status: 400 });
  }
  try {
    // The file is streamed to storage as it arrives; it is never held in memory.
    const form = await unstable_parseMultipartFormData(request, async ({ name, filename, data: body, contentType }) => {
      if (name !== "file" || !filename) return undefined;
      if (!/\.csv$/i.test(filename) && !/csv|text\/plain|excel/.test(contentType))
        throw new UserError(415, "upload.notCsv");
      const row = await queueGeoImport(filename, body, user.id);
      return row.id;
    });
    const id = form.get("file");
    if (typeof id !== "string") return data({ error: { code: "upload.missing" } }, { status: 400 });
    return redirect(`/admin/geography/${id}`);
  } catch (error) {
    if (isUserError(error)) return userErrorReply(error);
    throw error;
  }
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
          <ErrorMessage error={result?.error} />
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

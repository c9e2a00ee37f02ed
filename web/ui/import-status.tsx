import { Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useLocale, useT } from "./i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";

export function ImportStatusBadge({ status }: { status: "queued" | "running" | "succeeded" | "failed" }) {
  const t = useT();
  return (
    <span className={`badge ${status}`} data-testid="import-status">
      {t(`geography.status.${status}`)}
    </span>
  );
}

/** Without JavaScript, the page reloads itself every two seconds while the job runs. Inside
 *  <noscript>, so that with JavaScript the browser never schedules it: a refresh taken
 *  from the first render would fire after the job ended, under whatever the person (or a
 *  test) was doing next. */
export function NoScriptRefresh({ running }: { running: boolean }) {
  if (!running) return null;
  return (
    <noscript>
      <meta httpEquiv="refresh" content="2" />
    </noscript>
  );
}

/** While a job runs, reload the page's data every second (without JavaScript,
 *  NoScriptRefresh does the same). */
export function useRefreshWhile(running: boolean) {
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(revalidate, 1000);
    return () => clearInterval(timer);
  }, [running, revalidate]);
}

/** The recent imports of one kind, newest first, each linking to its progress page. */
interface ImportRow {
  id: string;
  fileName: string;
  status: "queued" | "running" | "succeeded" | "failed";
  rowsRead: number;
  createdAt: string;
}

export function RecentImports<Row extends ImportRow>({
  imports,
  extra,
}: {
  imports: Row[];
  extra?: (row: Row) => React.ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  if (imports.length === 0) return <p>{t("geography.noImports")}</p>;
  return (
    <table>
      <tbody>
        {imports.map((i) => (
          <tr key={i.id}>
            <td>
              <Link to={i.id}>{i.fileName}</Link>
            </td>
            <td>
              <ImportStatusBadge status={i.status} />
            </td>
            <td>{t("geography.rows", { count: i.rowsRead })}</td>
            {extra && <td>{extra(i)}</td>}
            <td>{formatDateTime(i.createdAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

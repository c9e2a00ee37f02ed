import type { CsvLineError } from "../csv/records.ts";
import { useT } from "./i18n.tsx";

/** The answer to a small CSV import: done (with counts), refused (problems by line), or an error. */
export function ImportAnswerView({
  answer,
}: {
  answer?: { ok?: string; params?: Record<string, number>; errors?: CsvLineError[]; error?: string } | null;
}) {
  const t = useT();
  if (!answer) return null;
  return (
    <>
      {answer.ok && (
        <p className="notice" role="status">
          {t(answer.ok, answer.params ?? {})}
        </p>
      )}
      {answer.error && (
        <p className="form-error" role="alert">
          {t(`messages.${answer.error}`)}
        </p>
      )}
      {answer.errors && (
        <>
          <p className="form-error" role="alert">
            {t("electionAdmin.refused")}
          </p>
          <table data-testid="import-errors">
            <tbody>
              {answer.errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>{t(`electionErrors.${e.code}`, e.params ?? {})}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

import type { CsvLineError } from "../csv/records.ts";
import { FormAnswer, type FormReply } from "./form-reply.tsx";
import { useT } from "./i18n.tsx";

/** The answer to a small CSV import: done (with counts), refused (problems by line), or an error. */
export function ImportAnswerView({
  answer,
}: {
  answer?: (Partial<FormReply> & { lineErrors?: CsvLineError[] | null }) | null;
}) {
  const t = useT();
  if (!answer) return null;
  return (
    <>
      <FormAnswer reply={answer} />
      {answer.lineErrors && (
        <table data-testid="import-errors">
          <tbody>
            {answer.lineErrors.map((e, i) => (
              <tr key={i}>
                <td>{e.line}</td>
                <td>{t(`electionErrors.${e.code}`, e.params ?? {})}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

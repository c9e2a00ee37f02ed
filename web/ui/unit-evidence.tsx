// A unit's evidence as the public page and the rumour desk show it (issue 42): every entry
// as sent (who sent it, never), the history of its states, and a photo's anchoring with
// the proof to download.
import { Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatDateTime } from "../i18n/format.ts";
import type { unitEvidence } from "../results/unit-evidence.server.ts";

type Evidence = Awaited<ReturnType<typeof unitEvidence>>;

/** A photo's anchoring state, the proof to download and the audit page. */
export function PhotoAnchoring(props: { sha256: string; anchoring: Evidence["anchoring"] | undefined }) {
  const t = useT();
  const anchored = props.anchoring?.[props.sha256];
  return (
    <>
      <span className="badge" data-testid="photo-anchoring">
        {t(`audit.photoState.${anchored?.state ?? "pending"}`)}
      </span>{" "}
      {anchored?.transaction && (
        <>
          <span className="hint mono" data-testid="photo-transaction">
            {t("rumours.batch", { n: anchored.batch })} · {anchored.transaction.slice(0, 18)}…
          </span>{" "}
        </>
      )}
      <a href={`/api/v1/evidence/${props.sha256}`} download={`proof-${props.sha256.slice(0, 12)}.json`}>
        {t("results.proof")}
      </a>{" "}
      <Link to={`/audit?sha256=${props.sha256}`}>{t("nav.audit")}</Link>
    </>
  );
}

/** Every entry for the unit as sent: source, figures, its print. */
export function UnitEntries(props: { entries: Evidence["entries"]; level?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const Heading = props.level === 3 ? "h3" : "h2";
  if (!props.entries.length) return null;
  return (
    <>
      <Heading>{t("results.entries")}</Heading>
      <div className="table-scroll" tabIndex={0}>
        <table data-testid="unit-entries">
          <thead>
            <tr>
              <th scope="col">{t("incident.when")}</th>
              <th scope="col">{t("results.entrySource")}</th>
              <th scope="col">{t("report.voters")}</th>
              <th scope="col">{t("report.invalid")}</th>
              <th scope="col">{t("report.voteNo")}</th>
              <th scope="col">{t("results.entryVotes")}</th>
              <th scope="col">{t("results.entryPrint")}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e, i) => (
              <tr key={i}>
                <td>{formatDateTime(e.createdAt, locale)}</td>
                <td>
                  {e.ballot} · {t(`results.source.${e.source}`)}
                  {e.flags.length > 0 && <span className="badge pending"> {e.flags.length}</span>}
                </td>
                <td>{e.voters}</td>
                <td>{e.invalid}</td>
                <td>{e.voteNo}</td>
                <td className="mono">
                  {Object.entries(e.votes)
                    .map(([n, v]) => `${n}:${v}`)
                    .join(" ")}
                </td>
                <td className="mono">{e.fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The unit's states, oldest first. */
export function UnitHistory(props: { history: Evidence["history"]; level?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const Heading = props.level === 3 ? "h3" : "h2";
  if (!props.history.length) return null;
  return (
    <>
      <Heading>{t("results.history")}</Heading>
      <ol className="history" data-testid="unit-history">
        {props.history.map((e, i) => (
          <li key={i}>
            {formatDateTime(e.createdAt, locale)} · {e.ballot} · {t(`report.status.${e.toStatus}`)}
          </li>
        ))}
      </ol>
    </>
  );
}

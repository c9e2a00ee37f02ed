// The command centre's board, drawn: a stacked bar of the eight states, the country as a
// grid of areas coloured by how many of their units have a result (a mark where the open
// units could change the leader), and the same figures as a table for screen readers.
import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "./i18n.tsx";
import { formatNumber } from "../i18n/format.ts";

export const STATE_ORDER = [
  "decided",
  "verified",
  "reported",
  "flagged",
  "disputed",
  "counting",
  "silent",
  "notYet",
] as const;
type State = (typeof STATE_ORDER)[number];
export type Counts = Record<State, number>;

const ARRIVED: State[] = ["reported", "flagged", "disputed", "verified", "decided"];
export const arrivedShare = (t: { units: number; counts: Counts }) =>
  t.units ? ARRIVED.reduce((s, k) => s + t.counts[k], 0) / t.units : 0;

/** One bar: the units in each state, in the order a night moves through them. */
export function StateBar({ units, counts, label }: { units: number; counts: Counts; label: string }) {
  const t = useT();
  const pct = (n: number) => (units ? (100 * n) / units : 0);
  return (
    <div
      className="state-bar"
      role="img"
      aria-label={`${label}: ${STATE_ORDER.map((s) => `${t(`command.states.${s}`)} ${counts[s]}`).join(", ")}`}
    >
      {STATE_ORDER.map((s) =>
        counts[s] ? <span key={s} className={`st-${s}`} style={{ width: `${pct(counts[s])}%` }} /> : null,
      )}
    </div>
  );
}

/** Each state's count and share, with its colour. */
export function StateCounts({ units, counts, testId }: { units: number; counts: Counts; testId?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="state-counts" data-testid={testId}>
      {STATE_ORDER.map((s) => (
        <li key={s} data-state={s}>
          <span className={`swatch st-${s}`} aria-hidden="true" /> {t(`command.states.${s}`)}{" "}
          <strong>{formatNumber(counts[s], locale)}</strong>{" "}
          <span className="hint">
            ({formatNumber(units ? (100 * counts[s]) / units : 0, locale, { maximumFractionDigits: 1 })}%)
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The share arrived as one of five steps of colour (0, <25, <50, <75, <100, 100%). */
export function progressStep(share: number) {
  if (share >= 1) return 5;
  if (share <= 0) return 0;
  return 1 + Math.min(3, Math.floor(share * 4));
}

export interface GridArea {
  areaCode: string;
  /** In the reader's language. */
  name: string;
  units: number;
  counts: Counts;
  late: number;
  couldChange: boolean;
  quarantineCouldChange: boolean;
  href: string | null;
}

/** The country at a glance: a cell per area, grouped by province. */
export function BoardGrid({
  provinces,
}: {
  provinces: { code: string; nameTh: string; nameEn: string; areas: GridArea[] }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="board-grid" role="list" aria-label={t("command.map")} data-testid="board-grid">
      {provinces.map((p) => (
        <div key={p.code} className="board-province" role="listitem">
          <span className="board-province-name">{locale === "th" ? p.nameTh : p.nameEn}</span>
          <span className="board-cells">
            {p.areas.map((a) => {
              const name = a.name;
              const share = arrivedShare(a);
              const title = `${name}: ${Math.round(100 * share)}% ${t("command.arrived")}${a.late ? `, ${t("command.late")} ${a.late}` : ""}${a.couldChange ? `, ${t("command.couldChange")}` : ""}`;
              const cls = `board-cell p${progressStep(share)}${a.quarantineCouldChange ? " hot" : a.couldChange ? " open" : ""}${a.late ? " late" : ""}`;
              return a.href ? (
                <Link
                  key={a.areaCode}
                  to={a.href}
                  className={cls}
                  title={title}
                  aria-label={title}
                  data-area={a.areaCode}
                >
                  {a.late ? "!" : ""}
                </Link>
              ) : (
                <span
                  key={a.areaCode}
                  className={cls}
                  title={title}
                  role="img"
                  aria-label={title}
                  data-area={a.areaCode}
                />
              );
            })}
          </span>
        </div>
      ))}
    </div>
  );
}

export function GridLegend() {
  const t = useT();
  return (
    <ul className="coverage-legend" aria-label={t("command.legend")}>
      {[0, 1, 2, 3, 4, 5].map((step) => (
        <li key={step}>
          <span className={`swatch board-cell p${step}`} aria-hidden="true" />{" "}
          {["0%", "< 25%", "< 50%", "< 75%", "< 100%", "100%"][step]}
        </li>
      ))}
      <li>
        <span className="swatch board-cell p2 hot" aria-hidden="true" /> {t("command.couldChangeQuarantine")}
      </li>
      <li>
        <span className="swatch board-cell p2 open" aria-hidden="true" /> {t("command.couldChange")}
      </li>
    </ul>
  );
}

/** A phone number an action showed (the slot holder's, read on demand and logged). */
export type ShownPhone = { unitCode: string; slot: string; phone: string | null };
export const shownPhone = (reply: unknown) => (reply as { phone?: ShownPhone } | undefined)?.phone ?? null;

/** A unit's reporter and backup, each with their phone on demand (the form posts
 *  intent=phone with the unit and the slot; the page's action reads it and logs the read). */
export function SlotHolders({
  unitCode,
  reporter,
  backup,
  shown,
}: {
  unitCode: string;
  reporter: { name: string } | null;
  backup: { name: string } | null;
  shown: ShownPhone | null;
}) {
  const t = useT();
  return (
    <>
      {([0, 1] as const).map((slot) => {
        const who = slot === 0 ? reporter : backup;
        if (!who) return slot === 0 ? <div key={slot}>{t("command.nobody")}</div> : null;
        const phone = shown && shown.unitCode === unitCode && shown.slot === String(slot) ? shown.phone : null;
        return (
          <div key={slot}>
            {slot === 0 ? t("command.volunteer") : t("command.backup")}: {who.name}{" "}
            {phone ? (
              <a href={`tel:${phone}`} className="mono">
                {phone}
              </a>
            ) : (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="phone" />
                <input type="hidden" name="unitCode" value={unitCode} />
                <input type="hidden" name="slot" value={slot} />
                <button type="submit" className="secondary">
                  {t("command.showPhone")}
                </button>
              </Form>
            )}
          </div>
        );
      })}
    </>
  );
}

/** The boards' way to the incident queue: how many are not yet resolved, how many urgent. */
export function IncidentsLink(props: { summary: { active: number; urgent: number }; href: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span data-testid="board-incidents">
      <Link to={props.href}>{t("incident.queueTitle")}</Link>{" "}
      <span className={`badge ${props.summary.urgent ? "severity-critical" : "pending"}`}>
        {t("incident.boardCount", {
          active: formatNumber(props.summary.active, locale),
          urgent: formatNumber(props.summary.urgent, locale),
        })}
      </span>
    </span>
  );
}

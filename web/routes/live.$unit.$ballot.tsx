import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { livePage } from "../http/tally-pages.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { INVALID, VOTE_NO } from "../live/live-choices.ts";
import type { CounterPage } from "../live/counter.client.ts";

export const meta: MetaFunction = () => [{ title: "นับคะแนนสด / Realtime count" }];

// HTML only, and one small script of its own (web/live/counter.client.ts, ADR 0045): the
// realtime count opens fast on a slow network, and from the phone's copy with none.
export const handle = { hydrate: false, follow: false, script: "live-counter" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return livePage(request, params);
}

// A party list (up to ~70 numbers), or any ballot of more numbers than fit as buttons:
// a number pad, with the numbers called recently as buttons.
const MAX_BUTTONS = 20;

export default function LiveTally() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = (c: { nameTh: string; nameEn: string }) => (locale === "th" ? c.nameTh : c.nameEn);
  const pad = d.contest.kind === "party_list" || d.choices.length > MAX_BUTTONS;
  const labels: Record<string, string> = { [INVALID]: t("live.invalid"), [VOTE_NO]: t("live.voteNo") };
  const names: Record<string, string> = {};
  for (const c of d.choices) {
    names[c.number] = name(c);
    labels[c.number] = `${t("live.number", { number: c.number })} ${name(c)}`;
  }
  const keep = (key: string) => t(key, { what: "{{what}}", count: "{{count}}", ballots: "{{ballots}}" });
  const page: CounterPage = {
    election: d.election.slug,
    unitCode: d.unit.code,
    ballot: d.ballot,
    labels,
    names,
    texts: {
      tapped: keep("live.tapped"),
      undone: keep("live.undone"),
      undo: t("live.undo"),
      pause: t("live.pause"),
      resume: t("live.resume"),
      noSuchNumber: t("live.noSuchNumber"),
      confirmFinish: keep("live.confirmFinish"),
      send: {
        sent: t("live.send.sent"),
        waiting: t("live.send.waiting"),
        offline: t("live.send.offline"),
        refused: t("live.send.refused"),
      },
    },
  };
  const finalScore = `/report/${d.unit.code}/${d.ballot}${d.electionQuery}`;

  return (
    <section className="card live" aria-labelledby="live-title" data-live-counter="">
      <script
        type="application/json"
        id="live-page"
        // Data, not code; "<" escaped so that no name can close the element.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(page).replace(/</g, "\\u003c") }}
      />
      <p>
        <a href={`/report${d.electionQuery}`}>← {t("report.myUnits")}</a>
      </p>
      <h1 id="live-title">
        {t("live.title")} · {name(d.contest)}
      </h1>
      <p className="hint">
        <span className="mono">{d.unit.code}</span> · {locale === "th" ? d.unit.addressTh : d.unit.addressEn}
      </p>
      <noscript>
        <p className="notice" role="alert">
          {t("live.needsScript")} <a href={finalScore}>{t("live.toFinalScore")}</a>
        </p>
      </noscript>

      <div className="live-status" aria-live="off">
        <p className="live-ballots">
          <span className="hint">{t("live.ballots")}</span> <strong data-testid="live-ballots">0</strong>
          {d.registered !== null && <span className="hint"> / {d.registered}</span>}
        </p>
        <p>
          <span className="badge pending" data-testid="live-send" />
          <span className="badge pending" id="live-paused" hidden>
            {" "}
            {t("live.paused")}
          </span>
        </p>
        <p className="notice" role="alert" id="live-message" hidden />
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="live-announce" />

      {pad ? (
        <>
          <form className="live-pad" id="live-pad" aria-label={t("live.pad")}>
            <label htmlFor="live-number">{t("live.typeNumber")}</label>
            <output className="live-typed" htmlFor="live-number" data-testid="live-typed-name" />
            <input id="live-number" inputMode="numeric" pattern="[0-9]*" autoComplete="off" disabled />
            <div className="live-keys">
              {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((k) => (
                <button key={k} type="button" data-key={k} disabled>
                  {k}
                </button>
              ))}
              <button type="button" data-key="erase" aria-label={t("live.erase")} disabled>
                ⌫
              </button>
              <button type="button" data-key="0" disabled>
                0
              </button>
              <button type="submit" className="primary" disabled data-testid="live-add">
                {t("live.add")}
              </button>
            </div>
          </form>
          <div id="live-recent" hidden>
            <h2 className="hint">{t("live.recent")}</h2>
            <div className="live-grid" />
          </div>
        </>
      ) : (
        <div className="live-grid">
          {d.choices.map((c) => (
            <ChoiceButton key={c.number} choice={String(c.number)} label={labels[c.number]!} colour={c.colour} />
          ))}
        </div>
      )}
      <div className="live-grid live-other">
        <ChoiceButton choice={INVALID} label={labels[INVALID]!} />
        {d.voteNoBox && <ChoiceButton choice={VOTE_NO} label={labels[VOTE_NO]!} />}
      </div>

      <div className="live-actions">
        <button type="button" className="secondary" disabled data-testid="live-undo">
          {t("live.undo")}
        </button>
        <button type="button" className="secondary" disabled data-testid="live-pause">
          {t("live.pause")}
        </button>
      </div>

      {pad && (
        <details id="live-all" hidden>
          <summary>{t("live.allCounts")}</summary>
          <ul className="plain-list mono" />
        </details>
      )}

      <div className="notice" role="status" id="live-finished" data-testid="live-finished" hidden>
        <p>{t("live.finishedNote")}</p>
        <a className="button" href={finalScore} data-testid="live-final">
          {t("live.toFinalScore")}
        </a>
      </div>
      <div className="notice" role="alertdialog" aria-labelledby="live-confirm" id="live-confirm-box" hidden>
        <p id="live-confirm" />
        <button type="button" className="primary" data-testid="live-finish-yes">
          {t("live.finishYes")}
        </button>{" "}
        <button type="button" className="secondary" data-testid="live-finish-no">
          {t("live.finishNo")}
        </button>
      </div>
      <p id="live-finish-box">
        <button type="button" className="primary" disabled data-testid="live-finish">
          {t("live.finish")}
        </button>
      </p>
    </section>
  );
}

/** A choice's button; the script (counter.client.ts) draws the same for the numbers called
 *  recently. Its name is what it shows (WCAG 2.5.3): "label: count" to a screen reader. */
function ChoiceButton(props: { choice: string; label: string; colour?: string }) {
  return (
    <button
      type="button"
      className="live-choice"
      style={props.colour ? { borderLeftColor: props.colour } : undefined}
      disabled
      data-choice={props.choice}
      data-testid={`live-choice-${props.choice}`}
    >
      <span className="live-label">{props.label}</span>
      <span className="visually-hidden">: </span>
      <strong className="live-count">0</strong>
    </button>
  );
}

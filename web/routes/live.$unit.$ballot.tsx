import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { livePage } from "../http/tally-pages.server.ts";
import { useLocale, useT } from "../ui/i18n.tsx";
import { LiveCounter, type CounterView } from "../live/tally-store.client.ts";
import { INVALID, VOTE_NO } from "../live/live-rules.ts";

export const meta: MetaFunction = () => [{ title: "นับคะแนนสด / Realtime count" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return livePage(request, params);
}

// A party list (up to ~70 numbers), or any ballot of more numbers than fit as buttons:
// a number pad, with the numbers called recently as buttons.
const MAX_BUTTONS = 20;
const RECENT = 8;

/** A short buzz, or where the phone cannot vibrate a short tick (one audio context for
 *  the page: browsers allow only a few). */
let audio: AudioContext | null = null;
function feedback() {
  if (typeof navigator !== "undefined" && navigator.vibrate?.(25)) return;
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    gain.gain.value = 0.1;
    tone.frequency.value = 880;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.04);
  } catch {
    /* no sound either */
  }
}

export default function LiveTally() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [view, setView] = useState<CounterView | null>(null);
  const [announce, setAnnounce] = useState("");
  const [typed, setTyped] = useState("");
  const [confirming, setConfirming] = useState(false);
  const counter = useRef<LiveCounter | null>(null);
  const name = (c: { nameTh: string; nameEn: string }) => (locale === "th" ? c.nameTh : c.nameEn);
  const byNumber = new Map(d.choices.map((c) => [String(c.number), c]));
  const pad = d.contest.kind === "party_list" || d.choices.length > MAX_BUTTONS;

  useEffect(() => {
    let open: LiveCounter | null = null;
    let gone = false;
    void LiveCounter.open(d.election.slug, d.unit.code, d.ballot, setView).then((c) => {
      if (gone) return c.stop();
      open = counter.current = c;
    });
    // Leaving the page (another app, a locked screen): send what is unsent now.
    const leave = () => document.visibilityState === "hidden" && open?.flush();
    document.addEventListener("visibilitychange", leave);
    return () => {
      gone = true;
      document.removeEventListener("visibilitychange", leave);
      open?.stop();
      counter.current = null;
    };
  }, [d.election.slug, d.unit.code, d.ballot]);

  const count = view?.count;
  const ready = !!count && !count.paused && !count.finished;
  const label = (choice: string) =>
    choice === INVALID
      ? t("live.invalid")
      : choice === VOTE_NO
        ? t("live.voteNo")
        : `${t("live.number", { number: choice })} ${byNumber.get(choice) ? name(byNumber.get(choice)!) : ""}`;
  const countOf = (choice: string) =>
    !count ? 0 : choice === INVALID ? count.invalid : choice === VOTE_NO ? count.voteNo : (count.votes[choice] ?? 0);

  const tap = async (choice: string) => {
    if (!counter.current || !ready) return;
    await counter.current.tap(choice);
    feedback();
    setAnnounce(t("live.tapped", { what: label(choice), count: countOf(choice) + 1 }));
  };
  const undo = async () => {
    const last = count?.history[count.history.length - 1];
    if (!counter.current || last === undefined) return;
    await counter.current.undo();
    setAnnounce(t("live.undone", { what: label(last) }));
  };
  const addTyped = (e?: FormEvent) => {
    e?.preventDefault();
    if (byNumber.has(typed)) void tap(typed);
    setTyped("");
  };
  // The numbers called most recently, newest first (each once).
  const recent = [
    ...new Set([...(count?.history ?? [])].reverse().filter((c) => c !== INVALID && c !== VOTE_NO && byNumber.has(c))),
  ].slice(0, RECENT);
  const sendText = !view ? "" : t(`live.send.${view.send}`);

  return (
    <section className="card live" aria-labelledby="live-title">
      <p>
        <Link to={`/report${d.electionQuery}`}>← {t("report.myUnits")}</Link>
      </p>
      <h1 id="live-title">
        {t("live.title")} · {name(d.contest)}
      </h1>
      <p className="hint">
        <span className="mono">{d.unit.code}</span> · {locale === "th" ? d.unit.addressTh : d.unit.addressEn}
      </p>
      <noscript>
        <p className="notice" role="alert">
          {t("live.needsScript")}{" "}
          <a href={`/report/${d.unit.code}/${d.ballot}${d.electionQuery}`}>{t("live.toFinalScore")}</a>
        </p>
      </noscript>

      <div className="live-status" aria-live="off">
        <p className="live-ballots">
          <span className="hint">{t("live.ballots")}</span>{" "}
          <strong data-testid="live-ballots">{view?.ballots ?? 0}</strong>
          {d.registered !== null && <span className="hint"> / {d.registered}</span>}
        </p>
        <p>
          <span
            className={`badge ${view?.send === "sent" ? "approved" : view?.send === "refused" ? "rejected" : "pending"}`}
            data-testid="live-send"
          >
            {sendText}
          </span>
          {count?.paused && <span className="badge pending"> {t("live.paused")}</span>}
        </p>
        {view?.message && (
          <p className="notice" role="alert">
            {view.message}
          </p>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="live-announce">
        {announce}
      </p>

      {pad ? (
        <>
          <form className="live-pad" onSubmit={addTyped} aria-label={t("live.pad")}>
            <label htmlFor="live-number">{t("live.typeNumber")}</label>
            <output className="live-typed" htmlFor="live-number" data-testid="live-typed-name">
              {typed && (byNumber.has(typed) ? name(byNumber.get(typed)!) : t("live.noSuchNumber"))}
            </output>
            <input
              id="live-number"
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value.replace(/\D/g, "").slice(0, 3))}
              disabled={!ready}
            />
            <div className="live-keys">
              {["1", "2", "3", "4", "5", "6", "7", "8", "9"].map((k) => (
                <button key={k} type="button" disabled={!ready} onClick={() => setTyped((x) => (x + k).slice(0, 3))}>
                  {k}
                </button>
              ))}
              <button
                type="button"
                disabled={!ready}
                onClick={() => setTyped((x) => x.slice(0, -1))}
                aria-label={t("live.erase")}
              >
                ⌫
              </button>
              <button type="button" disabled={!ready} onClick={() => setTyped((x) => (x + "0").slice(0, 3))}>
                0
              </button>
              <button
                type="submit"
                className="primary"
                disabled={!ready || !byNumber.has(typed)}
                data-testid="live-add"
              >
                {t("live.add")}
              </button>
            </div>
          </form>
          {recent.length > 0 && (
            <>
              <h2 className="hint">{t("live.recent")}</h2>
              <div className="live-grid">
                {recent.map((n) => (
                  <ChoiceButton key={n} choice={n} label={label(n)} count={countOf(n)} disabled={!ready} onTap={tap} />
                ))}
              </div>
            </>
          )}
        </>
      ) : (
        <div className="live-grid">
          {d.choices.map((c) => (
            <ChoiceButton
              key={c.number}
              choice={String(c.number)}
              label={label(String(c.number))}
              count={countOf(String(c.number))}
              colour={c.colour}
              disabled={!ready}
              onTap={tap}
            />
          ))}
        </div>
      )}
      <div className="live-grid live-other">
        <ChoiceButton
          choice={INVALID}
          label={t("live.invalid")}
          count={countOf(INVALID)}
          disabled={!ready}
          onTap={tap}
        />
        {d.voteNoBox && (
          <ChoiceButton
            choice={VOTE_NO}
            label={t("live.voteNo")}
            count={countOf(VOTE_NO)}
            disabled={!ready}
            onTap={tap}
          />
        )}
      </div>

      <div className="live-actions">
        <button
          type="button"
          className="secondary"
          onClick={undo}
          disabled={!count?.history.length || count.finished}
          data-testid="live-undo"
        >
          {t("live.undo")}
          {count?.history.length ? ` (${label(count.history[count.history.length - 1]!)})` : ""}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!count || count.finished}
          onClick={() => count && void counter.current?.pause(!count.paused)}
          data-testid="live-pause"
        >
          {count?.paused ? t("live.resume") : t("live.pause")}
        </button>
      </div>

      {pad && count && (
        <details>
          <summary>{t("live.allCounts")}</summary>
          <ul className="plain-list mono">
            {d.choices
              .filter((c) => countOf(String(c.number)) > 0)
              .map((c) => (
                <li key={c.number}>
                  {c.number}. {name(c)}: {countOf(String(c.number))}
                </li>
              ))}
          </ul>
        </details>
      )}

      {count?.finished ? (
        <div className="notice" role="status" data-testid="live-finished">
          <p>{t("live.finishedNote")}</p>
          <Link className="button" to={`/report/${d.unit.code}/${d.ballot}${d.electionQuery}`} data-testid="live-final">
            {t("live.toFinalScore")}
          </Link>
        </div>
      ) : confirming ? (
        <div className="notice" role="alertdialog" aria-labelledby="live-confirm">
          <p id="live-confirm">{t("live.confirmFinish", { ballots: view?.ballots ?? 0 })}</p>
          <button
            type="button"
            className="primary"
            data-testid="live-finish-yes"
            onClick={() => {
              setConfirming(false);
              void counter.current?.finish();
            }}
          >
            {t("live.finishYes")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t("live.finishNo")}
          </button>
        </div>
      ) : (
        <p>
          <button
            type="button"
            className="primary"
            disabled={!count}
            onClick={() => setConfirming(true)}
            data-testid="live-finish"
          >
            {t("live.finish")}
          </button>
        </p>
      )}
    </section>
  );
}

function ChoiceButton(props: {
  choice: string;
  label: string;
  count: number;
  colour?: string;
  disabled: boolean;
  onTap: (choice: string) => void;
}) {
  return (
    <button
      type="button"
      className="live-choice"
      style={props.colour ? { borderLeftColor: props.colour } : undefined}
      disabled={props.disabled}
      onClick={() => props.onTap(props.choice)}
      data-testid={`live-choice-${props.choice}`}
    >
      {/* Its name is what it shows (WCAG 2.5.3): "label: count" to a screen reader. */}
      <span className="live-label">{props.label}</span>
      <span className="visually-hidden">: </span>
      <strong className="live-count">{props.count}</strong>
    </button>
  );
}

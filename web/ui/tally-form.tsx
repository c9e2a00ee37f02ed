import { Form, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import {
  checkContext,
  checkTally,
  MAX_TEXT,
  readDetails,
  readFigures,
  type Ballot,
  type Figure,
  type FormDetails,
} from "../tally/tally-rules.ts";
import { countFormName, useLocale, useT } from "./i18n.tsx";
import { formatDateTime, formatNumber } from "../i18n/format.ts";
import type { Message } from "./form-reply.tsx";
import { forgetPhoto, restorePhoto, savePhoto } from "./photo-drafts.ts";
import { useIsPending } from "./use-is-pending.ts";

const PHOTO_FIELDS = ["photoBoard", "photoForm"] as const;

export interface Choice {
  number: number;
  nameTh: string;
  nameEn: string;
  colour: string;
}

/** The count form for one ballot, shared by the reporter's page and the blind entry.
 *  Works as a plain form post; with JavaScript it checks the arithmetic as you type,
 *  keeps a draft on the phone, and waits for the network when there is none. */
export function TallyForm(props: {
  ballot: Ballot;
  /** The figures this contest's form asks for (contest-kinds.ts figuresOf). */
  figures: Figure[];
  choices: Choice[];
  submissionId: string;
  draftKey: string;
  typed?: Record<string, string>;
  /** Whether `typed` is what the server sent back with a refusal (newer than any draft),
   *  rather than a starting point (the realtime figures, the entry corrected), which a
   *  draft typed on the phone since then replaces. */
  typedIsReply?: boolean;
  error?: Message | null;
  turnoutFlagPercent: number;
  maxPhotoMb: number;
  clearDraft: boolean;
  /** A correction of what this person sent: it needs a reason. */
  correcting?: boolean;
  /** The unit's registered eligible voters, to check the form's against as it is typed. */
  registered: number | null;
  /** The count report's ECT number (contest-kinds.ts countFormOf), or null. */
  form: string | null;
}) {
  const t = useT();
  const formName = countFormName(t, props.form);
  const locale = useLocale();
  const busy = useIsPending({ includeLoading: false });
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<string, string>>(props.typed ?? {});
  const [submissionId, setSubmissionId] = useState(props.submissionId);
  const [note, setNote] = useState<string | null>(null);

  // Restore a draft (and its submission id, so a resend is recognised), or clear it once sent.
  useEffect(() => {
    if (props.clearDraft) {
      localStorage.removeItem(props.draftKey);
      for (const f of PHOTO_FIELDS) void forgetPhoto(`${props.draftKey}:${f}`);
      return;
    }
    for (const f of PHOTO_FIELDS) {
      void restorePhoto(`${props.draftKey}:${f}`, form.current?.querySelector<HTMLInputElement>(`#${f}`) ?? null).then(
        (back) => back && setNote("report.photosKept"),
      );
    }
    const saved = localStorage.getItem(props.draftKey);
    if (!saved || (props.typed && props.typedIsReply)) return;
    try {
      const draft = JSON.parse(saved) as { submissionId: string; values: Record<string, string> };
      setValues(draft.values);
      setSubmissionId(draft.submissionId);
    } catch {
      localStorage.removeItem(props.draftKey);
    }
  }, [props.draftKey, props.clearDraft, props.typed, props.typedIsReply]);

  useEffect(() => {
    if (!Object.keys(values).length || props.clearDraft) return;
    localStorage.setItem(props.draftKey, JSON.stringify({ submissionId, values }));
  }, [values, submissionId, props.draftKey, props.clearDraft]);

  useEffect(() => {
    const online = () => {
      if (note === "report.offline") form.current?.requestSubmit();
    };
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [note]);

  const numbers = props.choices.map((c) => c.number);
  const complete = [...props.figures, ...numbers.map((n) => `vote_${n}`)].every((k) => /^\d+$/.test(values[k] ?? ""));
  const live = complete ? liveChecks(values, numbers, props.figures, props.turnoutFlagPercent, props.registered) : null;
  const setValue = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  // Every figure and vote: digits only, required, kept in the draft as typed; a refusal
  // (the form's error) described to screen readers on each.
  const figureProps = (name: string) => ({
    id: name,
    name,
    inputMode: "numeric" as const,
    pattern: "[0-9]*",
    autoComplete: "off",
    required: true,
    value: values[name] ?? "",
    "aria-describedby": props.error ? "tally-error" : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValue(name, e.target.value.replace(/[^\d]/g, "")),
  });
  const field = (name: string, label: string) => (
    <div className="figure" key={name}>
      <label htmlFor={name}>{label}</label>
      {name === "eligible" && props.registered !== null && (
        <span className="hint" data-testid="registered">
          {t("report.registered", { n: props.registered })}
        </span>
      )}
      <input {...figureProps(name)} />
    </div>
  );

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      ref={form}
      onSubmit={(e) => {
        if (!navigator.onLine) {
          e.preventDefault();
          setNote("report.offline");
        }
      }}
    >
      <input type="hidden" name="submissionId" value={submissionId} />
      <fieldset>
        <legend>{t("report.figures", { form: formName })}</legend>
        <div className="figures">{props.figures.map((f) => field(f, t(`report.${f}`)))}</div>
      </fieldset>
      <fieldset>
        <legend>{t("report.votes")}</legend>
        <div className="figures">
          {props.choices.map((c) => (
            <div className="figure" key={c.number}>
              <label htmlFor={`vote_${c.number}`}>
                <span className="swatch" style={{ background: c.colour }} /> {t("report.number", { n: c.number })}{" "}
                {locale === "th" ? c.nameTh : c.nameEn}
              </label>
              <input {...figureProps(`vote_${c.number}`)} />
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("report.details", { form: formName })}</legend>
        <div className="figures">
          {(["countStartedAt", "countEndedAt"] as const).map((name) => (
            <div className="figure" key={name}>
              <label htmlFor={name}>{t(`report.${name}`)}</label>
              <input
                id={name}
                name={name}
                type="time"
                value={values[name] ?? ""}
                onChange={(e) => setValue(name, e.target.value)}
              />
            </div>
          ))}
        </div>
        <fieldset className="choice-row">
          <legend>{t("report.formPosted", { form: formName })}</legend>
          {(["yes", "no"] as const).map((answer) => (
            <label key={answer}>
              <input
                type="radio"
                name="formPosted"
                value={answer}
                checked={values.formPosted === answer}
                onChange={() => setValue("formPosted", answer)}
              />{" "}
              {t(`report.posted.${answer}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="remarks">{t("report.remarks")}</label>
        <textarea
          id="remarks"
          name="remarks"
          rows={2}
          maxLength={MAX_TEXT}
          value={values.remarks ?? ""}
          onChange={(e) => setValue("remarks", e.target.value)}
        />
        {props.correcting && (
          <>
            <label htmlFor="correctionReason">{t("report.correctionReason")}</label>
            <textarea
              id="correctionReason"
              name="correctionReason"
              rows={2}
              required
              maxLength={MAX_TEXT}
              value={values.correctionReason ?? ""}
              onChange={(e) => setValue("correctionReason", e.target.value)}
            />
          </>
        )}
      </fieldset>
      {live && (
        <div className="checks" role="status" aria-live="polite" data-testid="live-checks">
          <strong>{t("report.checks")}: </strong>
          {live.refusals.length + live.anomalies.length === 0 ? (
            <span className="ok">{t("report.allGood")}</span>
          ) : (
            <ul>
              {[...live.refusals, ...live.anomalies].map((b) => (
                <li key={b.code}>{String(t(`tallyRules.${b.code}`, b.params ?? {}))}</li>
              ))}
            </ul>
          )}
          {live.anomalies.length > 0 && <p className="hint">{t("report.flagged")}</p>}
        </div>
      )}
      <fieldset>
        <legend>{t("report.photos")}</legend>
        <p className="hint">{t("report.photoHint", { mb: props.maxPhotoMb })}</p>
        {PHOTO_FIELDS.map((f) => (
          <div key={f}>
            <label htmlFor={f}>{t(`report.${f}`, { form: formName })}</label>
            <input
              id={f}
              name={f}
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                void (file ? savePhoto(`${props.draftKey}:${f}`, file) : forgetPhoto(`${props.draftKey}:${f}`));
              }}
            />
          </div>
        ))}
      </fieldset>
      {props.error && (
        <p className="form-error" role="alert" id="tally-error">
          {t(props.error.key, props.error.params ?? {})}
        </p>
      )}
      {note && (
        <p className="notice" role="status">
          {t(note)}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("report.submit")}
        </button>
      </div>
    </Form>
  );
}

/** The checks the phone can make as the volunteer types: the form's own (checkTally) and
 *  the one against the unit's register; the server adds the rest when the entry arrives. */
function liveChecks(
  values: Record<string, string>,
  numbers: number[],
  asked: Figure[],
  turnoutFlagPercent: number,
  registered: number | null,
) {
  const { figures } = readFigures(values, numbers, asked);
  const own = checkTally(figures, { turnoutFlagPercent }, readDetails(values).details);
  const register = checkContext(
    figures,
    { registered, constituency: null },
    { minUnits: Infinity, turnoutPoints: 100, sharePoints: 100, minValid: Infinity },
  );
  return { refusals: own.refusals, anomalies: [...own.anomalies, ...register] };
}

/** What the report page and the blind-entry page share: the "sent" notice after the
 *  redirect, and the form with its draft kept per unit, ballot and page. */
export function TallyEntry(props: {
  mode: "report" | "blind";
  view: {
    ballot: Ballot;
    electionQuery: string;
    figures: Figure[];
    choices: Choice[];
    submissionId: string;
    status: string;
    turnoutFlagPercent: number;
    maxPhotoMb: number;
    unit: { code: string };
    mine: SentEntry | null;
    live?: { ballots: number; votes: Record<string, number>; invalid: number; voteNo: number } | null;
    correcting: boolean;
    registered: number | null;
    form: string | null;
  };
  result?: { error?: Message | null; typed?: Record<string, string> } | null;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const sent = params.get("sent");
  const { view } = props;
  const draftKey = `tally-${props.mode}:${view.electionQuery}:${view.unit.code}:${view.ballot}`;
  // Once sent, the draft (figures and photos) is gone, whether the form is shown or not.
  useEffect(() => {
    if (!sent) return;
    localStorage.removeItem(draftKey);
    for (const f of PHOTO_FIELDS) void forgetPhoto(`${draftKey}:${f}`);
  }, [sent, draftKey]);
  const showCopy = view.mine && !view.correcting && !props.result;
  // A correction starts from what was sent last (its reason is new).
  // A first entry after a realtime count starts from its last figures (still keyed
  // from the posted form: the person checks each one).
  const fromLive = !view.mine && !props.result && view.live ? view.live : null;
  const startFrom =
    props.result?.typed ??
    (view.mine && view.correcting
      ? typedFrom({ ...view.mine, details: { ...view.mine.details, correctionReason: null } })
      : fromLive
        ? liveTyped(fromLive, view.figures, view.choices)
        : undefined);
  return (
    <>
      {sent && (
        <p className="notice" role="status" data-testid="sent">
          {t(sent === "replay" ? "report.replay" : "report.sent")} · {t(`report.status.${view.status}`)}
        </p>
      )}
      {showCopy ? (
        <SentCopy
          entry={view.mine!}
          figures={view.figures}
          choices={view.choices}
          status={view.status}
          electionQuery={view.electionQuery}
          form={view.form}
        />
      ) : (
        <>
          {fromLive && (
            <p className="notice" role="status" data-testid="from-live">
              {t("live.fromRealtime", { ballots: fromLive.ballots })}
            </p>
          )}
          {view.mine && view.status === "verified" && (
            <p className="notice" role="alert" data-testid="reopens">
              {t("report.correctionReopens")}
            </p>
          )}
          <TallyForm
            ballot={view.ballot}
            figures={view.figures}
            choices={view.choices}
            submissionId={view.submissionId}
            draftKey={draftKey}
            typed={startFrom}
            typedIsReply={!!props.result?.typed}
            error={props.result?.error}
            turnoutFlagPercent={view.turnoutFlagPercent}
            maxPhotoMb={view.maxPhotoMb}
            clearDraft={!!sent}
            correcting={!!view.mine}
            registered={view.registered}
            form={view.form}
          />
        </>
      )}
    </>
  );
}

export interface SentEntry {
  at: string;
  /** Null: a figure not asked when the entry was made. */
  figures: Record<string, number | null>;
  votes: Record<string, number>;
  details: FormDetails;
  flags: string[];
  photos: { id: string; kind: string }[];
}

/** A realtime count's last figures as the form's typed values: the votes, invalid and
 *  vote-no ballots, the valid ballots and the ballots used; the rest is the form's. */
function liveTyped(
  live: { ballots: number; votes: Record<string, number>; invalid: number; voteNo: number },
  figures: Figure[],
  choices: Choice[],
): Record<string, string> {
  const valid = Object.values(live.votes).reduce((a, b) => a + b, 0);
  return {
    ...Object.fromEntries(choices.map((c) => [`vote_${c.number}`, String(live.votes[String(c.number)] ?? 0)])),
    invalid: String(live.invalid),
    ...(figures.includes("voteNo") ? { voteNo: String(live.voteNo) } : {}),
    valid: String(valid),
    ballotsUsed: String(live.ballots),
  };
}

/** A sent entry as the form's typed values. */
function typedFrom(entry: Pick<SentEntry, "figures" | "votes" | "details">): Record<string, string> {
  const { formPosted, ...texts } = entry.details;
  return Object.fromEntries([
    ...Object.entries(entry.figures).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])),
    ...Object.entries(entry.votes).map(([k, v]) => [`vote_${k}`, String(v)]),
    ...Object.entries(texts).flatMap(([k, v]) => (v === null ? [] : [[k, v]])),
    ...(formPosted === null ? [] : [["formPosted", formPosted ? "yes" : "no"]]),
  ]);
}

/** What the person sent last, read-only: figures, votes, anomalies, photos, and the
 *  explicit step to correct it. */
function SentCopy(props: {
  entry: SentEntry;
  figures: Figure[];
  choices: Choice[];
  status: string;
  electionQuery: string;
  form: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const { entry } = props;
  return (
    <section aria-labelledby="sent-title" data-testid="sent-copy">
      <h2 id="sent-title">{t("report.sentCopy", { at: formatDateTime(entry.at, locale) })}</h2>
      <table className="figures-table">
        <tbody>
          {props.figures.map((f) => (
            <tr key={f}>
              <th scope="row">{t(`report.${f}`)}</th>
              <td>{entry.figures[f] === null ? "—" : formatNumber(entry.figures[f] ?? 0, locale)}</td>
            </tr>
          ))}
          {props.choices.map((c) => (
            <tr key={c.number} data-testid={`sent-vote-${c.number}`}>
              <th scope="row">
                {t("report.number", { n: c.number })} {locale === "th" ? c.nameTh : c.nameEn}
              </th>
              <td>{formatNumber(entry.votes[String(c.number)] ?? 0, locale)}</td>
            </tr>
          ))}
          {(["countStartedAt", "countEndedAt", "remarks", "correctionReason"] as const).map(
            (d) =>
              entry.details[d] !== null && (
                <tr key={d}>
                  <th scope="row">{t(`report.${d}`)}</th>
                  <td>{entry.details[d]}</td>
                </tr>
              ),
          )}
          {entry.details.formPosted !== null && (
            <tr>
              <th scope="row">{t("report.formPosted", { form: countFormName(t, props.form) })}</th>
              <td>{t(`report.posted.${entry.details.formPosted ? "yes" : "no"}`)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {entry.flags.length > 0 && (
        <p className="hint" data-testid="sent-flags">
          {t("report.sentFlags")}: {entry.flags.map((f) => String(t(`review.flags.${f}`))).join(", ")}
        </p>
      )}
      {entry.photos.length > 0 && (
        <p className="thumbs">
          {entry.photos.map((p) => (
            <img
              key={p.id}
              src={`/photos/${p.id}`}
              alt={t(`report.photoKind.${p.kind}`)}
              width={96}
              height={96}
              loading="lazy"
            />
          ))}
        </p>
      )}
      <p>
        <a className="button secondary" href={`?correct=1${props.electionQuery.replace("?", "&")}`}>
          {t("report.correct")}
        </a>
      </p>
    </section>
  );
}

// The phone's side of the realtime count (ADR 0027): every tap is written to IndexedDB
// before it shows, and a sender posts cumulative snapshots — all counts so far, the taps,
// a sequence number that only grows on this device — when the server says, retrying with
// a growing pause while the network or the server is away. A reload, a closed tab or a
// lost connection continue from what is stored.
import { openDB, type IDBPDatabase } from "idb";
import { ballotsOf, INVALID, VOTE_NO } from "./live-choices.ts";
import type { Snapshot } from "./live-rules.ts";

/** One count on this device: a unit's ballot in an election. */
export interface LiveCount {
  key: string;
  election: string;
  unitCode: string;
  ballot: string;
  deviceId: string;
  votes: Record<string, number>;
  invalid: number;
  voteNo: number;
  /** What each tap added, in order (undo takes the last one back). */
  history: string[];
  taps: number;
  undos: number;
  /** The last sequence number used, and the last one the server took. */
  seq: number;
  sentSeq: number;
  /** The counts changed since the last snapshot was built. */
  dirty: boolean;
  paused: boolean;
  finished: boolean;
  firstTapAt: string | null;
  lastTapAt: string | null;
}

let database: Promise<IDBPDatabase> | null = null;
const open = () =>
  (database ??= openDB("live-count", 1, {
    upgrade(db) {
      db.createObjectStore("counts", { keyPath: "key" });
      db.createObjectStore("device");
    },
  }));

/** This device's id: made once, kept in IndexedDB. */
async function deviceId() {
  const db = await open();
  const known = (await db.get("device", "id")) as string | undefined;
  if (known) return known;
  const id = crypto.randomUUID();
  await db.put("device", id, "id");
  return id;
}

async function loadCount(election: string, unitCode: string, ballot: string): Promise<LiveCount> {
  const key = `${election}|${unitCode}|${ballot}`;
  const stored = (await (await open()).get("counts", key)) as LiveCount | undefined;
  return (
    stored ?? {
      key,
      election,
      unitCode,
      ballot,
      deviceId: await deviceId(),
      votes: {},
      invalid: 0,
      voteNo: 0,
      history: [],
      taps: 0,
      undos: 0,
      seq: 0,
      sentSeq: 0,
      dirty: false,
      paused: false,
      finished: false,
      firstTapAt: null,
      lastTapAt: null,
    }
  );
}

/** A ballot read out (a number as text, invalid or vote-no), on a copy. */
function withTap(count: LiveCount, choice: string): LiveCount {
  const now = new Date().toISOString();
  const next = { ...count, votes: { ...count.votes }, history: [...count.history, choice] };
  if (choice === INVALID) next.invalid++;
  else if (choice === VOTE_NO) next.voteNo++;
  else next.votes[choice] = (next.votes[choice] ?? 0) + 1;
  next.taps++;
  next.dirty = true;
  next.firstTapAt ??= now;
  next.lastTapAt = now;
  return next;
}

/** The last tap taken back (itself a tap: the server sees the undos), on a copy. */
function withUndo(count: LiveCount): LiveCount {
  const last = count.history[count.history.length - 1];
  if (last === undefined) return count;
  const next = { ...count, votes: { ...count.votes }, history: count.history.slice(0, -1) };
  if (last === INVALID) next.invalid--;
  else if (last === VOTE_NO) next.voteNo--;
  else next.votes[last] = next.votes[last]! - 1;
  next.taps++;
  next.undos++;
  next.dirty = true;
  return next;
}

const snapshotOf = (c: LiveCount): Snapshot => ({
  election: c.election || null,
  unitCode: c.unitCode,
  ballot: c.ballot,
  deviceId: c.deviceId,
  seq: c.seq,
  taps: c.taps,
  undos: c.undos,
  votes: c.votes,
  invalid: c.invalid,
  voteNo: c.voteNo,
  finished: c.finished,
  firstTapAt: c.firstTapAt,
  lastTapAt: c.lastTapAt,
});

export type SendState = "sent" | "waiting" | "offline" | "refused";
export interface CounterView {
  count: LiveCount;
  ballots: number;
  send: SendState;
  message?: string;
}

/** One count on this phone: the only writer of its stored state (every change goes through
 *  one queue, is stored, then shown), and its sender, which posts a snapshot when the
 *  server said to — at once when the count finishes or the network returns — and waits
 *  longer after each failure. */
export class LiveCounter {
  private count: LiveCount;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waitMs = 0;
  private failures = 0;
  private sending = false;
  private stopped = false;
  private send: SendState = "waiting";
  private message: string | undefined;

  private readonly onChange: (view: CounterView) => void;

  private constructor(count: LiveCount, onChange: (view: CounterView) => void) {
    this.count = count;
    this.onChange = onChange;
  }

  static async open(election: string, unitCode: string, ballot: string, onChange: (view: CounterView) => void) {
    const counter = new LiveCounter(await loadCount(election, unitCode, ballot), onChange);
    window.addEventListener("online", counter.online);
    counter.show();
    counter.schedule(0);
    return counter;
  }

  private readonly online = () => this.schedule(0);

  private show() {
    // "Sent" only while nothing newer waits on the phone.
    const unsent = this.count.dirty || this.count.sentSeq < this.count.seq;
    const send = this.send === "sent" && unsent ? "waiting" : this.send;
    this.onChange({ count: this.count, ballots: ballotsOf(this.count), send, message: this.message });
  }

  /** Applies a change: stored in IndexedDB first, then shown. */
  private change(f: (c: LiveCount) => LiveCount) {
    const done = this.queue.then(async () => {
      const next = f(this.count);
      if (next === this.count) return;
      await (await open()).put("counts", next);
      this.count = next;
      this.show();
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  tap = (choice: string) => this.change((c) => (c.paused || c.finished ? c : withTap(c, choice)));
  undo = () => this.change((c) => (c.finished ? c : withUndo(c)));
  pause = (paused: boolean) => this.change((c) => ({ ...c, paused }));
  finish = async () => {
    await this.change((c) => ({ ...c, finished: true, paused: false, dirty: true }));
    this.schedule(0);
  };

  private schedule(ms: number) {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.sendNow(), ms);
  }

  private async sendNow() {
    const unsent = this.count.dirty || this.count.sentSeq < this.count.seq;
    if (this.sending || !unsent) return this.schedule(this.waitMs || 2_000);
    this.sending = true;
    try {
      // A new sequence number, stored before it is used: never the same number twice.
      await this.change((c) => ({ ...c, seq: c.seq + 1, dirty: false }));
      const snapshot = snapshotOf(this.count);
      const answer = await fetch("/api/v1/live/snapshots", {
        method: "POST",
        headers: { "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(snapshot),
      });
      const reply = (await answer.json().catch(() => ({}))) as {
        next?: number;
        message?: string;
        stored?: { seq: number };
      };
      if (answer.ok) {
        this.failures = 0;
        this.waitMs = reply.next ?? 10_000;
        this.send = "sent";
        this.message = undefined;
        await this.change((c) => ({ ...c, sentSeq: Math.max(c.sentSeq, snapshot.seq) }));
      } else if (answer.status >= 500) {
        this.failed(reply.next);
      } else if (answer.status === 409 && reply.stored) {
        // Its number was used before with other counts (the phone lost its place): go on
        // after the stored one, at once; the counts on the phone are the truth.
        await this.change((c) => ({ ...c, seq: Math.max(c.seq, reply.stored!.seq), dirty: true }));
        this.waitMs = 0;
      } else {
        // Refused (a 4xx): said on the page; the taps stay on the phone.
        this.waitMs = 30_000;
        this.send = "refused";
        this.message = reply.message;
        this.show();
      }
    } catch {
      this.failed();
    } finally {
      this.sending = false;
      this.schedule(this.waitMs);
    }
  }

  private failed(next?: number) {
    this.failures++;
    this.waitMs = Math.max(next ?? 0, Math.min(60_000, 1_000 * 2 ** this.failures));
    this.send = "offline";
    this.show();
  }

  /** Sends what is unsent now (the network is back, the page is being left). */
  flush = () => this.schedule(0);

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener("online", this.online);
  }
}

// Counts for the demo (npm start): for a share of an election's unit ballots, two people
// send the same plausible count with a photo of the signed form (verified), and a few send
// counts that disagree (disputed: the review queue has work). Through the real paths —
// photos stored as uploads are, entries through tally_submit_many — so every total, level
// and feed change is what election night would make. Deterministic from a seed.
import { Readable } from "node:stream";
import { deflateSync, crc32 } from "node:zlib";
import { db } from "../db/db.server.ts";
import { prng } from "../geography/generator.ts";
import { storePhoto } from "./photos.server.ts";
import { entryRow, submitEntries, type EntryRow } from "./tally.sql.server.ts";
import { ballotChoices, electionContests } from "../elections/contests.server.ts";
import { figuresOf, KIND_RULES } from "../elections/contest-kinds.ts";
import { FIGURES, fingerprintOf, type TallyFigures } from "./tally-rules.ts";

/** A small grey PNG "photo of the form" (lines like a form's rows), unique to its text. */
export function demoFormPng(text: string): Buffer {
  const [w, h] = [160, 120];
  const mark = crc32(text);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0; // no filter
    for (let x = 0; x < w; x++) {
      const line = y % 12 === 0 && x > 8 && x < w - 8;
      const ink = line || (y > 100 && x < 8 + ((mark >>> (x % 24)) & 1) * 40) ? 60 : 235;
      raw.fill(ink, y * (w * 3 + 1) + 1 + x * 3, y * (w * 3 + 1) + 4 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("tEXt", Buffer.from(`Comment\0${text}`, "latin1")),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Plausible figures for a unit: ~70% turnout, a few invalid and vote-no ballots, the
 *  valid votes shared by weights that favour the same numbers across an area. */
function plausible(
  rand: () => number,
  eligible: number,
  numbers: number[],
  voteNo: boolean,
  came?: number,
): TallyFigures {
  const voters = came ?? Math.round(eligible * (0.6 + 0.2 * rand()));
  const invalid = Math.round(voters * 0.02 * rand());
  const no = voteNo ? Math.round(voters * 0.03 * rand()) : 0;
  const valid = voters - invalid - no;
  const weights = numbers.map((n) => (1 / n) * (0.5 + rand()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const votes: Record<string, number> = {};
  let left = valid;
  numbers.forEach((n, i) => {
    const v = i === numbers.length - 1 ? left : Math.min(left, Math.round((valid * weights[i]!) / sum));
    votes[String(n)] = v;
    left -= v;
  });
  const received = eligible + Math.round(eligible * 0.01);
  return {
    eligible,
    voters,
    ballotsReceived: received,
    ballotsUsed: voters,
    valid,
    invalid,
    voteNo: no,
    ballotsLeftOver: received - voters,
    votes,
  };
}

/** Seeds counts for `share` of the election's unit ballots (and disputes for `disputed`
 *  of them), by two people; once per election (nothing is done where entries exist). */
export async function seedDemoCounts(opts: {
  electionId: string;
  reporterId: string;
  checkerId: string;
  share: number;
  disputed: number;
  seed?: number;
}) {
  if (await db().tallyEntry.findFirst({ where: { electionId: opts.electionId }, select: { id: true } })) return 0;
  const rand = prng(opts.seed ?? 2027);
  const contests = await electionContests(opts.electionId);
  const units = await db().areaUnit.findMany({
    where: { electionId: opts.electionId },
    orderBy: [{ unitCode: "asc" }, { ballot: "asc" }],
    select: { unitCode: true, ballot: true },
  });
  const registered = new Map(
    (await db().pollingUnit.findMany({ select: { code: true, eligibleVoters: true } })).map((u) => [
      u.code,
      u.eligibleVoters ?? 600,
    ]),
  );
  const rows: EntryRow[] = [];
  const turnout = new Map<string, TallyFigures>();
  for (const { unitCode, ballot } of units) {
    if (rand() > opts.share) continue;
    const contest = contests.find((c) => c.key === ballot)!;
    const numbers = (await ballotChoices(opts.electionId, unitCode, ballot)).map((c) => c.number);
    // The unit's ballots agree on who came (one unit's count, ballot by ballot).
    const first = turnout.get(unitCode);
    const eligible = first?.eligible ?? registered.get(unitCode) ?? 600;
    const f = plausible(rand, eligible, numbers, KIND_RULES[contest.kind].voteNo, first?.voters);
    if (!first) turnout.set(unitCode, f);
    const photo = await storePhoto(Readable.from([demoFormPng(`${opts.electionId}|${unitCode}|${ballot}`)]), {
      electionId: opts.electionId,
      unitCode,
      ballot,
      kind: "form",
      userId: opts.reporterId,
    });
    const asked = figuresOf(contest.kind, FIGURES);
    const asWritten = {
      remarks: null,
      countStartedAt: "17:05",
      countEndedAt: "18:40",
      formPosted: true,
      correctionReason: null,
    };
    const entry = (actor: string, source: string, figures: TallyFigures, photos: string[]): EntryRow =>
      entryRow(
        {
          submission: crypto.randomUUID(),
          election: opts.electionId,
          unit: unitCode,
          ballot,
          source,
          actor,
          flags: [],
          fingerprint: fingerprintOf(figures),
          photos,
        },
        { ...figures, voteNo: asked.includes("voteNo") ? figures.voteNo : 0 },
        asWritten,
      );
    rows.push(entry(opts.reporterId, "reporter", f, [photo.id]));
    // A few disagree: the checker reads one number's votes differently.
    const disagree = rand() < opts.disputed;
    const k = Object.keys(f.votes)[0]!;
    const other = disagree ? { ...f, votes: { ...f.votes, [k]: f.votes[k]! + 10 } } : f;
    rows.push(entry(opts.checkerId, "blind", other, []));
  }
  for (let i = 0; i < rows.length; i += 400) await submitEntries(rows.slice(i, i + 400));
  return rows.length;
}

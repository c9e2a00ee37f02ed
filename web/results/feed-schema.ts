// The media feed's responses, as schemas: the OpenAPI document is generated from them
// (routes/api.v1.openapi[.json].ts) and the tests parse real responses with them, so the
// document cannot drift from what the feed sends. Strict objects: a field added to a
// response without its schema fails the tests.
import { z } from "zod";
import { BALLOT_KEY, FIGURES } from "../tally/tally-rules.ts";
import { LEVELS } from "../tally/verification.ts";
import { RESULT_STATES, RESULT_STATUSES } from "../tally/result-machine.ts";
import { CHANGE_KINDS } from "./change-kinds.ts";
import { UNIT_KINDS } from "../geography/csv-format.ts";
import { CALL_STATUSES, TABULATION_STATUSES } from "./calls.ts";
import { CONTEST_KINDS } from "../elections/contest-kinds.ts";
import { INCIDENT_KINDS, INCIDENT_SEVERITIES } from "../incidents/incident-rules.ts";

const count = z.number().int().min(0);
const votes = z.record(z.string().regex(/^\d+$/), count).describe("Votes by candidate or party number");
const level = z.enum(LEVELS).describe("How far the unit ballot's result can be trusted (ADR 0022)");
const levels = z
  .strictObject(Object.fromEntries(LEVELS.map((l) => [l, count])) as Record<(typeof LEVELS)[number], typeof count>)
  .describe("Unit ballots at each verification level");
const figures = z
  .strictObject({
    ...(Object.fromEntries(FIGURES.map((f) => [f, count.nullable()])) as Record<
      (typeof FIGURES)[number],
      z.ZodNullable<typeof count>
    >),
    votes,
  })
  .describe("The figures of form 5/18 as written (null: not asked when the entry was made)");
const asOfChange = count.describe("The feed's change sequence number this snapshot reflects (/api/v1/changes?after=…)");

export const nationalSchema = z.strictObject({
  asOfChange,
  election: z.strictObject({ slug: z.string(), nameTh: z.string(), nameEn: z.string(), date: z.iso.date() }),
  coverage: z.strictObject({
    units: count,
    reported: count.describe("Units with at least one party-list entry"),
    verified: count.describe("Units in the totals (verified or decided)"),
    verifiedShare: z.number().min(0).max(1),
    levels,
  }),
  turnout: z.number().nullable(),
  partyList: z.strictObject({
    valid: count,
    invalid: count,
    voteNo: count,
    parties: z.array(
      z.strictObject({
        number: count,
        nameTh: z.string(),
        nameEn: z.string(),
        colour: z.string(),
        votes: count,
        share: z.number().min(0).max(1),
        seats: count.nullable().describe("Projected seats; null while the projection is withheld"),
      }),
    ),
    seats: z.number().int().positive().nullable().describe("The party list's seats (the contest's), null: none"),
    seatsProjected: z.number().int().positive().nullable(),
    seatProjection: z.strictObject({
      published: z.boolean(),
      tiedForLastSeats: z.array(count).describe("Parties that must draw lots for the last seat(s)"),
      rests: z.strictObject({
        units: count,
        unitsVerified: count,
        provinces: count,
        provincesCovered: count,
        minUnits: count,
        minProvinces: count,
      }),
    }),
    seatsNote: z.string(),
  }),
});

const candidate = z.strictObject({
  number: count,
  name: z.string(),
  partyTh: z.string().nullable(),
  partyEn: z.string().nullable(),
  colour: z.string(),
  votes: count,
});
export const constituencySchema = z.strictObject({
  election: z.string(),
  asOfChange,
  id: z.string().regex(/^\d{2}-\d{2}$/),
  number: count,
  provinceTh: z.string(),
  provinceEn: z.string(),
  units: count,
  unitsReported: count,
  unitsVerified: count,
  levels,
  turnout: z.number().nullable(),
  invalid: count,
  voteNo: count,
  candidates: z.array(candidate),
  leader: z.strictObject({ number: count, name: z.string(), margin: count }).nullable(),
  runnerUp: z.strictObject({ number: count, name: z.string() }).nullable(),
  tiedForFirst: z.array(count).describe("Candidates tied for first: the law settles it by lot"),
  voteNoWins: z.boolean().describe("The most votes do not beat vote-no: a new election"),
  coverage: z.strictObject({ units: count, reported: count, verified: count, levels }),
});

export const unitSchema = z.strictObject({
  election: z.string(),
  asOfChange,
  unit: z.string(),
  kind: z
    .enum(UNIT_KINDS)
    .nullable()
    .describe("A polling unit, or a counting centre (advance votes in or out of the constituency, abroad, central)"),
  ballots: z.array(
    z.strictObject({
      ballot: z.string().regex(BALLOT_KEY),
      nameTh: z.string().describe("The contest's name, in Thai"),
      nameEn: z.string(),
      status: z.enum(RESULT_STATES),
      level: level.nullable(),
      figures: figures.nullable(),
      form: z
        .strictObject({
          remarks: z.string().nullable(),
          countStartedAt: z.string().nullable(),
          countEndedAt: z.string().nullable(),
          formPosted: z.boolean().nullable(),
          flags: z.array(z.string()).describe("Anomalies the counted entry carries (accepted by a decision)"),
        })
        .nullable(),
      photos: z.array(
        z.strictObject({
          id: z.uuid(),
          ballot: z.string().regex(BALLOT_KEY),
          kind: z.enum(["board", "form"]),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      ),
    }),
  ),
});

const contestKind = z.enum(["district", "area_wide", "party_list", "multi_member", "referendum"]);
const contestHead = z.strictObject({
  key: z.string().regex(BALLOT_KEY).describe("The contest's key: the `ballot` of its units, entries and changes"),
  kind: contestKind,
  nameTh: z.string(),
  nameEn: z.string(),
  seats: count.nullable().describe("A party list's seats; null for other kinds"),
});
const choice = z.strictObject({
  number: count,
  nameTh: z.string(),
  nameEn: z.string(),
  colour: z.string(),
  votes: count,
});
const coverage = z.strictObject({ units: count, reported: count, verified: count, levels });

export const electionSchema = z.strictObject({
  election: z.strictObject({ slug: z.string(), nameTh: z.string(), nameEn: z.string(), date: z.iso.date() }),
  contests: z.array(contestHead),
});

export const contestSchema = z.strictObject({
  election: z.string(),
  asOfChange,
  contest: contestHead,
  decidedIn: z
    .enum(["area", "contest", "none"])
    .describe("Where winners are decided: per area (see areas), over the whole contest, or nowhere (a question)"),
  units: count,
  unitsReported: count,
  unitsVerified: count,
  levels,
  turnout: z.number().nullable(),
  invalid: count,
  voteNo: count,
  valid: count,
  choices: z.array(
    choice.extend({
      share: z.number().min(0).max(1),
      seats: count.nullable().describe("A party list's seats by the largest remainder over the contest's seats"),
    }),
  ),
  leader: z
    .strictObject({ number: count, margin: count })
    .nullable()
    .describe("An area-wide seat's leader (none on a tie or when vote-no wins)"),
  tiedForFirst: z.array(count),
  voteNoWins: z.boolean(),
  tiedForLastSeats: z.array(count),
  coverage,
  areas: z.array(
    z.strictObject({
      code: z.string(),
      nameTh: z.string(),
      nameEn: z.string(),
      seats: count,
      units: count,
      unitsVerified: count,
      leaderNumber: count.nullable(),
    }),
  ),
});

export const areaSchema = z.strictObject({
  election: z.string(),
  asOfChange,
  contest: contestHead.omit({ seats: true }),
  area: z.strictObject({ code: z.string(), nameTh: z.string(), nameEn: z.string(), seats: count }),
  units: count,
  unitsReported: count,
  unitsVerified: count,
  levels,
  turnout: z.number().nullable(),
  invalid: count,
  voteNo: count,
  choices: z.array(choice),
  elected: z.array(count).describe("Elected here: a district's one, a multi-member area's top k"),
  tiedForFirst: z.array(count),
  tiedForLastSeats: z.array(count),
  voteNoWins: z.boolean(),
  coverage,
});

export const changeSchema = z.strictObject({
  seq: count,
  unit: z.string(),
  ballot: z.string().regex(BALLOT_KEY),
  kind: z
    .enum(CHANGE_KINDS)
    .describe(
      "verified: the unit counts from now; corrected: it counts with other figures; withdrawn: it no longer counts; restated: its figures stand, its status or level changed",
    ),
  at: z.iso.datetime(),
  status: z.enum(RESULT_STATUSES).describe("The unit ballot's status as of this change (not now)"),
  level: level.describe("Its verification level as of this change"),
  figures: figures.nullable().describe("The figures the unit counts with as of this change; null for a withdrawal"),
});
export const changesSchema = z.strictObject({ changes: z.array(changeSchema) });

export const snapshotSchema = z.strictObject({
  election: z.string(),
  asOfChange: count.describe("The change this snapshot is as of: apply /api/v1/changes?after=<asOfChange> to it"),
  units: z
    .array(changeSchema)
    .describe("Each unit ballot counted as of asOfChange, with its latest change up to there (never a withdrawal)"),
  next: z
    .string()
    .nullable()
    .describe("The cursor of the next page (ask with after=<next> and the same asOf); null on the last page"),
});

export const raceSchema = z.strictObject({
  id: z
    .string()
    .describe("<contest>/<area>: a contest in one area, or `<contest>/*` for a contest decided over all its areas"),
  contest: z.string().regex(BALLOT_KEY),
  kind: z.enum(CONTEST_KINDS),
  area: z.string(),
  nameTh: z.string(),
  nameEn: z.string(),
  seats: count,
  unitsTotal: count,
  unitsReporting: count.describe("Units with at least one entry"),
  unitsReportingPct: z.number().min(0).max(100),
  unitsCounted: count.describe("Units whose verified figures are in the totals"),
  eligibleVoters: count.describe("The eligible voters of all the race's units, where known"),
  ballotsCounted: count,
  ballotsCountedPct: z.number().min(0).describe("Ballots counted over the eligible voters (AP's expected vote share)"),
  invalid: count,
  voteNo: count,
  tabulationStatus: z.enum(TABULATION_STATUSES),
  callStatus: z
    .enum(CALL_STATUSES)
    .nullable()
    .describe(
      "decided: on verified figures the leader's lead exceeds every vote still possible (the eligible voters of units not counted, and the figures of units whose forms are flagged); decided_unless_flagged: it does only if the flagged forms stand as written; tied / votes_again (vote no won) once all units are counted; null for a party list or a question, and for every race before the election's close",
    ),
  projectedCallStatus: z
    .enum(CALL_STATUSES)
    .nullable()
    .describe(
      "A projection, not a call: the same rule on verified figures plus the realtime count's provisional ones (ballots tapped at units still counting); null where callStatus is",
    ),
  choices: z.array(
    z.strictObject({
      number: count,
      nameTh: z.string(),
      nameEn: z.string(),
      party: z.string().nullable(),
      votes: count,
    }),
  ),
});
export const racesSchema = z.strictObject({
  election: z.string(),
  test: z.boolean().describe("Rehearsal or synthetic data: never publish as results"),
  asOfChange: count,
  next: z.string().describe("Ask this next: only the races that changed after asOfChange"),
  races: z.array(raceSchema),
});
export const correctionsSchema = z.strictObject({
  election: z.string(),
  test: z.boolean(),
  asOfChange: count,
  corrections: z.array(
    z.strictObject({
      seq: count,
      unit: z.string(),
      ballot: z.string().regex(BALLOT_KEY),
      kind: z.enum(CHANGE_KINDS),
      at: z.iso.datetime(),
      level,
    }),
  ),
});

const UNIT = "10-01-100101-001";
const FIGURES_EXAMPLE = {
  eligible: 812,
  voters: 600,
  ballotsReceived: 820,
  ballotsUsed: 600,
  valid: 570,
  invalid: 10,
  voteNo: 20,
  ballotsLeftOver: 220,
  votes: { "1": 250, "2": 180, "3": 140 },
};
/** A change in the examples: a unit ballot counted by a decision. */
const DECIDED_CHANGE = {
  seq: 48_212,
  unit: UNIT,
  ballot: "constituency",
  kind: "verified",
  at: "2027-03-14T12:31:09.120Z",
  status: "verified",
  level: "decided",
  figures: FIGURES_EXAMPLE,
} as const;
const LEVELS_EXAMPLE = { verified: 181, decided: 6, reported: 40, flagged: 3, disputed: 2, silent: 1 };

/** One example per response, each valid under its schema (the tests check). */
const INCIDENT_STATUSES = ["open", "assigned", "escalated", "resolved"] as const;
const countsBy = <T extends readonly string[]>(keys: T) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, count.optional()])) as Record<T[number], z.ZodOptional<typeof count>>,
  );
/** Incidents at the units, counted (issue 42): never a unit or a person. */
export const incidentStatisticsSchema = z.strictObject({
  election: z.string(),
  total: count,
  byKind: countsBy(INCIDENT_KINDS).describe("Incidents by kind (a kind with none is left out)"),
  bySeverity: countsBy(INCIDENT_SEVERITIES),
  byStatus: countsBy(INCIDENT_STATUSES).describe("open, assigned, escalated (to a partner's legal team), resolved"),
  byProvince: z.array(z.strictObject({ provinceCode: z.string().regex(/^\d{2}$/), n: count })),
});

/** Published verdicts of the rumour desk (issue 42), with our original photo's hash. */
export const verdictsSchema = z.strictObject({
  election: z.string(),
  verdicts: z.array(
    z.strictObject({
      id: z.uuid(),
      publishedAt: z.iso.datetime(),
      verdict: z.enum(["true", "false", "misleading", "unverified"]),
      unitCode: z.string().nullable(),
      originalSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable()
        .describe("Our original photo's SHA-256: check it and its anchoring at /api/v1/evidence/{sha256}"),
      text: z.string(),
      link: z.string().nullable(),
      explanationTh: z.string().nullable(),
      explanationEn: z.string().nullable(),
    }),
  ),
});

export const FEED_EXAMPLES = {
  verdicts: {
    election: "ge-2027",
    verdicts: [
      {
        id: "5b0f1c52-3c55-4a43-9d0e-2f1c8b7e9a10",
        publishedAt: "2027-03-14T14:02:11.000Z",
        verdict: "false",
        unitCode: "10-01-100101-001",
        originalSha256: "49ae884ce34193cda972c1a77ff9e123408a3880f396dc664b2608b9478c44a6",
        text: "ภาพแบบ ส.ส. 5/18 ที่แชร์ว่าผู้สมัครหมายเลข 2 ชนะ",
        link: "https://social.example/post/123",
        explanationTh: "ตัวเลขในภาพที่แชร์ถูกแก้ไข",
        explanationEn: "The figures in the shared image were changed",
      },
    ],
  },
  incidentStatistics: {
    election: "ge-2027",
    total: 412,
    byKind: { photo_blocked: 81, form_not_posted: 60, observation_blocked: 49, other: 222 },
    bySeverity: { low: 150, medium: 170, high: 80, critical: 12 },
    byStatus: { open: 100, assigned: 40, escalated: 22, resolved: 250 },
    byProvince: [
      { provinceCode: "10", n: 61 },
      { provinceCode: "50", n: 20 },
    ],
  },
  races: {
    election: "ge-2027",
    test: false,
    asOfChange: 48_213,
    next: "/api/v1/races?after=48213",
    races: [
      {
        id: "constituency/10-01",
        contest: "constituency",
        kind: "district",
        area: "10-01",
        nameTh: "กรุงเทพมหานคร เขต 1",
        nameEn: "Bangkok 1",
        seats: 1,
        unitsTotal: 232,
        unitsReporting: 230,
        unitsReportingPct: 99.14,
        unitsCounted: 221,
        eligibleVoters: 128_400,
        ballotsCounted: 86_120,
        ballotsCountedPct: 67.07,
        invalid: 1_820,
        voteNo: 2_410,
        tabulationStatus: "in_progress",
        callStatus: "decided",
        projectedCallStatus: "decided",
        choices: [
          { number: 1, nameTh: "สมชาย ตัวอย่าง", nameEn: "Somchai Example", party: "Example Party", votes: 41_200 },
          { number: 2, nameTh: "สมหญิง ตัวอย่าง", nameEn: "Somying Example", party: "Sample Party", votes: 30_950 },
        ],
      },
    ],
  },
  corrections: {
    election: "ge-2027",
    test: false,
    asOfChange: 48_213,
    corrections: [
      {
        seq: 48_213,
        unit: "10-01-100101-001",
        ballot: "constituency",
        kind: "withdrawn",
        at: "2027-03-14T12:40:51.004Z",
        level: "reported",
      },
    ],
  },
  national: {
    asOfChange: 48_213,
    election: { slug: "ge-2027", nameTh: "การเลือกตั้งทั่วไป 2570", nameEn: "General election 2027", date: "2027-03-14" },
    coverage: { units: 95_000, reported: 61_000, verified: 40_250, verifiedShare: 0.4237, levels: LEVELS_EXAMPLE },
    turnout: 0.71,
    partyList: {
      valid: 20_100_000,
      invalid: 402_000,
      voteNo: 301_000,
      parties: [
        {
          number: 1,
          nameTh: "พรรคตัวอย่าง",
          nameEn: "Example Party",
          colour: "#f97316",
          votes: 7_035_000,
          share: 0.35,
          seats: 35,
        },
      ],
      seats: 100,
      seatsProjected: 100,
      seatProjection: {
        published: true,
        tiedForLastSeats: [],
        rests: {
          units: 95_000,
          unitsVerified: 40_250,
          provinces: 77,
          provincesCovered: 77,
          minUnits: 19_000,
          minProvinces: 61,
        },
      },
      seatsNote:
        "largest remainder on verified units only, published above the coverage in seatProjection.rests; early reports are not a random sample",
    },
  },
  constituency: {
    election: "ge-2027",
    asOfChange: 48_213,
    id: "10-01",
    number: 1,
    provinceTh: "กรุงเทพมหานคร",
    provinceEn: "Bangkok",
    units: 232,
    unitsReported: 214,
    unitsVerified: 187,
    levels: LEVELS_EXAMPLE,
    turnout: 0.69,
    invalid: 1_820,
    voteNo: 2_410,
    candidates: [
      {
        number: 1,
        name: "สมชาย ตัวอย่าง",
        partyTh: "พรรคตัวอย่าง",
        partyEn: "Example Party",
        colour: "#f97316",
        votes: 41_200,
      },
      { number: 2, name: "สมหญิง ตัวอย่าง", partyTh: null, partyEn: null, colour: "#888888", votes: 38_950 },
    ],
    leader: { number: 1, name: "สมชาย ตัวอย่าง", margin: 2_250 },
    runnerUp: { number: 2, name: "สมหญิง ตัวอย่าง" },
    tiedForFirst: [],
    voteNoWins: false,
    coverage: { units: 232, reported: 214, verified: 187, levels: LEVELS_EXAMPLE },
  },
  unit: {
    election: "ge-2027",
    asOfChange: 48_213,
    unit: UNIT,
    kind: "polling",
    ballots: [
      {
        ballot: "constituency",
        nameTh: "ส.ส. แบบแบ่งเขต",
        nameEn: "Constituency MPs",
        status: "verified",
        level: "verified",
        figures: FIGURES_EXAMPLE,
        form: { remarks: null, countStartedAt: "17:04", countEndedAt: "18:31", formPosted: true, flags: [] },
        photos: [
          {
            id: "3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c35",
            ballot: "constituency",
            kind: "form",
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          },
        ],
      },
      {
        ballot: "party_list",
        nameTh: "ส.ส. แบบบัญชีรายชื่อ",
        nameEn: "Party-list MPs",
        status: "none",
        level: null,
        figures: null,
        form: null,
        photos: [],
      },
    ],
  },
  election: {
    election: {
      slug: "bkk-2026",
      nameTh: "เลือกตั้งผู้ว่าฯ และ ส.ก. (ตัวอย่าง)",
      nameEn: "Bangkok governor and council (demo)",
      date: "2027-03-14",
    },
    contests: [
      {
        key: "governor",
        kind: "area_wide",
        nameTh: "ผู้ว่าราชการกรุงเทพมหานคร",
        nameEn: "Governor of Bangkok",
        seats: null,
      },
      {
        key: "council",
        kind: "district",
        nameTh: "สมาชิกสภากรุงเทพมหานคร",
        nameEn: "Bangkok Metropolitan Council",
        seats: null,
      },
    ],
  },
  contest: {
    election: "bkk-2026",
    asOfChange: 48_213,
    contest: {
      key: "governor",
      kind: "area_wide",
      nameTh: "ผู้ว่าราชการกรุงเทพมหานคร",
      nameEn: "Governor of Bangkok",
      seats: null,
    },
    decidedIn: "contest",
    units: 6_817,
    unitsReported: 6_102,
    unitsVerified: 5_410,
    levels: LEVELS_EXAMPLE,
    turnout: 0.6,
    invalid: 41_200,
    voteNo: 30_100,
    valid: 2_601_000,
    choices: [
      {
        number: 8,
        nameTh: "ผู้สมัครหมายเลขแปด",
        nameEn: "Candidate eight",
        colour: "#2e8b57",
        votes: 1_386_000,
        share: 0.533,
        seats: null,
      },
      {
        number: 3,
        nameTh: "ผู้สมัครหมายเลขสาม",
        nameEn: "Candidate three",
        colour: "#1d4f9c",
        votes: 254_000,
        share: 0.098,
        seats: null,
      },
    ],
    leader: { number: 8, margin: 1_132_000 },
    tiedForFirst: [],
    voteNoWins: false,
    tiedForLastSeats: [],
    coverage: { units: 6_817, reported: 6_102, verified: 5_410, levels: LEVELS_EXAMPLE },
    areas: [
      {
        code: "1001",
        nameTh: "เขตพระนคร",
        nameEn: "Phra Nakhon",
        seats: 1,
        units: 71,
        unitsVerified: 64,
        leaderNumber: 8,
      },
    ],
  },
  area: {
    election: "bkk-2026",
    asOfChange: 48_213,
    contest: {
      key: "council",
      kind: "district",
      nameTh: "สมาชิกสภากรุงเทพมหานคร",
      nameEn: "Bangkok Metropolitan Council",
    },
    area: { code: "1001", nameTh: "เขตพระนคร", nameEn: "Phra Nakhon", seats: 1 },
    units: 71,
    unitsReported: 70,
    unitsVerified: 64,
    levels: LEVELS_EXAMPLE,
    turnout: 0.58,
    invalid: 410,
    voteNo: 300,
    choices: [{ number: 2, nameTh: "ผู้สมัครหมายเลขสอง", nameEn: "Candidate two", colour: "#f47920", votes: 9_800 }],
    elected: [2],
    tiedForFirst: [],
    tiedForLastSeats: [],
    voteNoWins: false,
    coverage: { units: 71, reported: 70, verified: 64, levels: LEVELS_EXAMPLE },
  },
  snapshot: {
    election: "ge-2027",
    asOfChange: 48_212,
    units: [DECIDED_CHANGE],
    next: `constituency|${UNIT}`,
  },
  changes: {
    changes: [
      DECIDED_CHANGE,
      {
        seq: 48_213,
        unit: UNIT,
        ballot: "constituency",
        kind: "withdrawn",
        at: "2027-03-14T12:40:51.004Z",
        status: "reported",
        level: "reported",
        figures: null,
      },
    ],
  },
} as const;

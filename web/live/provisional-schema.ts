// The realtime count's provisional responses, as schemas (ADR 0027): the OpenAPI
// document is generated from them and the tests parse real responses with them. Apart
// from the verified feed's schemas (results/feed-schema.ts) as the figures are apart.
import { z } from "zod";
import { CONTEST_KINDS } from "../elections/contest-kinds.ts";

const count = z.number().int().min(0);
const label = z.literal("provisional").describe("Always: provisional, counting in progress — never checked results");
const head = z.strictObject({ key: z.string(), kind: z.enum(CONTEST_KINDS), nameTh: z.string(), nameEn: z.string() });
const sums = {
  label,
  refreshedAt: z.iso.datetime().describe("When these figures were read (they follow the snapshots within ~2 s)"),
  election: z.string(),
  contest: head,
  units: count.describe("The contest's (or the area's) units"),
  unitsCounting: count.describe("Units whose count is under way (a snapshot, not finished, no Final Score)"),
  unitsFinished: count.describe("Units that finished counting and have not sent their Final Score yet"),
  unitsFinal: count.describe("Units counted live whose Final Score has arrived: out of these figures"),
  ballots: count.describe("Ballots counted so far in the units counting or finished"),
  invalid: count,
  voteNo: count,
  knownBallots: count.describe("Ballots counted in the units whose eligible voters are known"),
  knownEligible: count.describe("Those units' eligible voters"),
  countedShare: z.number().min(0).nullable().describe("knownBallots / knownEligible"),
};
const choice = z.strictObject({
  number: count,
  nameTh: z.string(),
  nameEn: z.string(),
  colour: z.string(),
  votes: count,
  share: z.number().min(0).max(1),
});

export const provisionalContestSchema = z.strictObject({
  ...sums,
  choices: z.array(choice).nullable().describe("Decided over the contest (or a question): every choice, most first"),
  areas: z
    .array(
      z.strictObject({
        code: z.string(),
        nameTh: z.string(),
        nameEn: z.string(),
        unitsCounting: count,
        unitsFinished: count,
        ballots: count,
        leader: z.strictObject({ number: count, votes: count }).nullable(),
      }),
    )
    .nullable()
    .describe("Decided per area: each area with units counting, and its running leader"),
});

export const provisionalAreaSchema = z.strictObject({
  ...sums,
  area: z.string(),
  choices: z.array(choice),
  leader: z.strictObject({ number: count, votes: count }).nullable(),
});

const at = "2027-03-14T11:05:12.000Z";
const sample = {
  label: "provisional" as const,
  refreshedAt: at,
  election: "general-2027",
  units: 210,
  unitsCounting: 143,
  unitsFinished: 12,
  unitsFinal: 9,
  ballots: 38410,
  invalid: 612,
  voteNo: 955,
  knownBallots: 38410,
  knownEligible: 85250,
  countedShare: 0.4506,
};
const choiceExample = (number: number, votes: number, share: number) => ({
  number,
  nameTh: `พรรคตัวอย่าง ${number}`,
  nameEn: `Example party ${number}`,
  colour: "#1d3557",
  votes,
  share,
});

/** The OpenAPI document's examples (test/unit/feed-schema.test.ts holds them to the schemas). */
export const PROVISIONAL_EXAMPLES = {
  contest: {
    ...sample,
    contest: { key: "party_list", kind: "party_list" as const, nameTh: "ส.ส. แบบบัญชีรายชื่อ", nameEn: "Party list" },
    choices: [choiceExample(1, 14210, 0.3844), choiceExample(2, 12005, 0.3248)],
    areas: null,
  },
  area: {
    ...sample,
    contest: { key: "constituency", kind: "district" as const, nameTh: "ส.ส. แบบแบ่งเขต", nameEn: "Constituency" },
    area: "10-01",
    choices: [choiceExample(3, 9120, 0.41), choiceExample(1, 8800, 0.3956)],
    leader: { number: 3, votes: 9120 },
  },
};

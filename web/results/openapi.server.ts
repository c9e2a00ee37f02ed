import { z } from "zod";
import {
  areaSchema,
  contestSchema,
  electionSchema,
  changeSchema,
  changesSchema,
  correctionsSchema,
  incidentStatisticsSchema,
  verdictsSchema,
  racesSchema,
  constituencySchema,
  snapshotSchema,
  FEED_EXAMPLES,
  nationalSchema,
  unitSchema,
} from "./feed-schema.ts";
import { CONTEST_CSV_COLUMNS, CSV_COLUMNS, SNAPSHOT_CSV_COLUMNS } from "./api.server.ts";
import { PROVISIONAL_EXAMPLES, provisionalAreaSchema, provisionalContestSchema } from "../live/provisional-schema.ts";

// The media feed, described (OpenAPI 3.1), generated from the schemas the tests hold the
// responses to (results/feed-schema.ts). Public: it holds no results. Served at
// /api/v1/openapi.json and read by the developers' page (/developers).
const bearer = [{ apiKey: [] }];
const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (code: string, description: string) => ({
  description,
  content: {
    "application/json": {
      schema: ref("Error"),
      example: { error: code, message: "ข้อความภาษาไทย / English message" },
    },
  },
});
const responses = (description: string, content: Record<string, { schema: unknown; example: unknown }>) => ({
  "200": { description, content },
  "304": { description: "Not modified (the ETag sent in If-None-Match still holds)" },
  "401": error("unauthorized", "No valid key"),
  "403": error("embargoed", "Under embargo: the war room has not released results yet"),
});
const json = (name: keyof typeof FEED_EXAMPLES, schemaName: string) => ({
  "application/json": { schema: ref(schemaName), example: FEED_EXAMPLES[name] },
});

const csvExample = [
  CSV_COLUMNS.join(","),
  "กรุงเทพมหานคร,10-01,1,สมชาย ตัวอย่าง,พรรคตัวอย่าง,41200,leader,leader,2250,1820,2410,181,6,40,3,2,1,232,48213",
].join("\r\n");
const contestCsvExample = [
  CONTEST_CSV_COLUMNS.join(","),
  "governor,area_wide,10-01,เขตพระนคร,1,8,ผู้สมัคร ตัวอย่าง,,12040,0.512340,,,,310,402,41,2,1,0,0,0,44,1822",
  "governor,area_wide,*,ผู้ว่าราชการกรุงเทพมหานคร,1,8,ผู้สมัคร ตัวอย่าง,,1386215,0.518112,leader,leader,,45120,39011,5120,88,402,31,12,4,6817,1822",
].join("\r\n");
const change = FEED_EXAMPLES.changes.changes[0];
const snapshotCsvExample = [
  SNAPSHOT_CSV_COLUMNS.join(","),
  "10-01-100101-001,constituency,48212,verified,verified,decided,812,600,820,600,570,10,20,220,1:250;2:180;3:140",
].join("\r\n");
const electionParam = {
  name: "election",
  in: "query",
  required: false,
  description: "The election's slug; none: the current election",
  schema: { type: "string" },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Independent count — media feed",
    version: "1",
    description:
      "Verified results, with the coverage they rest on and each unit's verification level (verified: two entries agree and the signed form's photo is there; decided: a head or the war room chose, with a reason; reported; flagged; disputed). Every snapshot says which change it reflects (asOfChange); each change carries the unit's status, level and new figures, so a newsroom can apply changes without refetching. The realtime count's provisional figures (tapped as ballots are read out, never checked) are apart, under /api/v1/live/, always labelled `provisional`. Send the key as `Authorization: Bearer <key>` or `X-Api-Key`. Responses carry an ETag; send If-None-Match.",
  },
  components: {
    securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
    schemas: {
      Election: schema(electionSchema),
      Contest: schema(contestSchema),
      Area: schema(areaSchema),
      National: schema(nationalSchema),
      Constituency: schema(constituencySchema),
      Unit: schema(unitSchema),
      Races: schema(racesSchema),
      Corrections: schema(correctionsSchema),
      IncidentStatistics: schema(incidentStatisticsSchema),
      Verdicts: schema(verdictsSchema),
      Change: schema(changeSchema),
      Changes: schema(changesSchema),
      Snapshot: schema(snapshotSchema),
      ProvisionalContest: schema(provisionalContestSchema),
      ProvisionalArea: schema(provisionalAreaSchema),
      Error: schema(z.strictObject({ error: z.string(), message: z.string() })),
    },
  },
  security: bearer,
  paths: {
    "/api/v1/results/election": {
      get: {
        summary:
          "The election and its contests (key, kind, names, seats). Every read of the feed takes ?election=<slug>; without it, the current election (the first of the latest election day's)",
        parameters: [electionParam],
        responses: {
          ...responses("The election", json("election", "Election")),
          "404": error("no_election", "No such election"),
        },
      },
    },
    "/api/v1/results/contests/{key}": {
      get: {
        summary:
          "One contest over all its areas, by its kind: an area-wide seat's leader, a party list's seats, a question's options; each area's coverage and leader",
        parameters: [electionParam, { name: "key", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          ...responses("Contest results", json("contest", "Contest")),
          "404": error("not_found", "No such contest"),
        },
      },
    },
    "/api/v1/results/contests/{key}.csv": {
      get: {
        summary:
          "One contest as CSV: a row per area and choice with its verified votes, share, standing (leader | runner_up | tied_for_first | elected | tied_for_last_seat) and the area's result where it decides (leader | tie | vote_no_wins | elected | none); area * is the whole contest where its winners are decided over it (seats for a party list); units at each level and as_of_change",
        parameters: [electionParam, { name: "key", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          ...responses("CSV snapshot", {
            "text/csv": { schema: { type: "string" }, example: contestCsvExample },
          }),
          "404": error("not_found", "No such contest"),
        },
      },
    },
    "/api/v1/results/areas/{key}/{code}": {
      get: {
        summary:
          "One area of a contest: its choices' votes and who is elected there (a district's one, a multi-member area's top k)",
        parameters: [
          electionParam,
          { name: "key", in: "path", required: true, schema: { type: "string" } },
          { name: "code", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: {
          ...responses("Area results", json("area", "Area")),
          "404": error("not_found", "No such contest or area"),
        },
      },
    },
    "/api/v1/results/national": {
      get: {
        summary:
          "National party-list totals, seat projection (the party list's seats, largest remainder), coverage and levels, turnout",
        parameters: [electionParam],
        responses: responses("National results", json("national", "National")),
      },
    },
    "/api/v1/results/constituencies/{id}": {
      get: {
        summary:
          "One constituency: candidates' votes, leader, runner-up and margin, tie and vote-no rule, invalid and vote-no, coverage and levels",
        parameters: [
          electionParam,
          { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^\\d{2}-\\d{2}$" } },
        ],
        responses: {
          ...responses("Constituency results", json("constituency", "Constituency")),
          "404": error("not_found", "No such constituency"),
        },
      },
    },
    "/api/v1/results/constituencies.csv": {
      get: {
        summary:
          "All constituencies × candidates as CSV (ECT-like columns), with each candidate's standing, the constituency's result (leader | tie | vote_no_wins | none), margin, invalid, vote-no, units at each level and as_of_change",
        parameters: [electionParam],
        responses: responses("CSV snapshot", {
          "text/csv": { schema: { type: "string" }, example: csvExample },
        }),
      },
    },
    "/api/v1/results/units/{code}": {
      get: {
        summary: "One unit: per ballot its status and level, the counted figures as written, and its photos' SHA-256",
        parameters: [
          electionParam,
          {
            name: "code",
            in: "path",
            required: true,
            schema: { type: "string", pattern: "^\\d{2}-\\d{2}-\\d{6}-\\d{3}$" },
          },
        ],
        responses: {
          ...responses("Unit results", json("unit", "Unit")),
          "404": error("not_found", "Not a unit code"),
        },
      },
    },
    "/api/v1/results/snapshot": {
      get: {
        summary:
          "Every unit ballot counted as of a change (asOf; default: the latest), in pages of `limit` (≤ 5,000) in (ballot, unit) order: each with its state, level and figures as of then. Start here, then apply /api/v1/changes?after=<asOfChange>: the result is the current state exactly",
        parameters: [
          electionParam,
          { name: "asOf", in: "query", schema: { type: "integer", minimum: 0 } },
          {
            name: "after",
            in: "query",
            schema: { type: "string" },
            description: "The `next` cursor of the page before",
          },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 5000 } },
        ],
        responses: {
          ...responses("A page of the unit snapshot", json("snapshot", "Snapshot")),
          "400": error("bad_query", "asOf, after or limit is malformed"),
        },
      },
    },
    "/api/v1/results/snapshot.csv": {
      get: {
        summary:
          "The same unit snapshot as CSV, all pages in one file: unit, ballot, seq, kind, status, level, the figures as written and votes (`number:votes` separated by `;`)",
        parameters: [electionParam, { name: "asOf", in: "query", schema: { type: "integer", minimum: 0 } }],
        responses: responses("CSV snapshot", {
          "text/csv": { schema: { type: "string" }, example: snapshotCsvExample },
        }),
      },
    },
    "/api/v1/changes": {
      get: {
        summary:
          "Changes after a sequence number (verified, corrected, withdrawn, restated), each with the unit ballot's status, level and figures as of that change",
        parameters: [electionParam, { name: "after", in: "query", schema: { type: "integer", minimum: 0 } }],
        responses: {
          ...responses("Changes", json("changes", "Changes")),
          "400": error("bad_after", "`after` is not a whole number"),
        },
      },
    },
    "/api/v1/races": {
      get: {
        summary:
          "Races (each contest in each area, and contests decided over all their areas) that changed after a cursor, as AP's nextrequest: units reporting of all, ballots counted against eligible voters, tabulationStatus, callStatus, each choice's verified votes, and `next` to ask with; without `after`, every race. `test: true` marks rehearsal data",
        parameters: [electionParam, { name: "after", in: "query", schema: { type: "integer", minimum: 0 } }],
        responses: {
          ...responses("Races", json("races", "Races")),
          "400": error("bad_after", "`after` is not a whole number"),
        },
      },
    },
    "/api/v1/corrections": {
      get: {
        summary:
          "The public corrections log (no key needed): every verified result later corrected or withdrawn, latest first",
        parameters: [electionParam],
        responses: responses("Corrections", json("corrections", "Corrections")),
      },
    },
    "/api/v1/incidents/statistics": {
      get: {
        summary:
          "Incidents volunteers reported at the units (stopped from observing or photographing, form not posted, …), counted by kind, severity, state and province — never a unit or a person",
        parameters: [electionParam],
        responses: responses("Incident statistics", json("incidentStatistics", "IncidentStatistics")),
      },
    },
    "/api/v1/verdicts": {
      get: {
        summary:
          "The rumour desk's published verdicts on claims circulating about the count (true, false, misleading, unverified), each with our original photo's SHA-256 to check its anchoring; the same as /claims.json",
        parameters: [electionParam],
        responses: responses("Verdicts", json("verdicts", "Verdicts")),
      },
    },
    "/api/v1/live/contests/{key}": {
      get: {
        summary:
          "Provisional — counting in progress: one contest's realtime count (the latest snapshot of each unit counting, the leading device where two count), never added to the verified results; a unit leaves it when its Final Score arrives. Refreshed about every second",
        parameters: [electionParam, { name: "key", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          ...responses("Provisional contest figures", {
            "application/json": { schema: ref("ProvisionalContest"), example: PROVISIONAL_EXAMPLES.contest },
          }),
          "404": error("not_found", "No such contest"),
        },
      },
    },
    "/api/v1/live/areas/{key}/{code}": {
      get: {
        summary: "Provisional — counting in progress: one area of a contest, its choices' running votes and leader",
        parameters: [
          electionParam,
          { name: "key", in: "path", required: true, schema: { type: "string" } },
          { name: "code", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: {
          ...responses("Provisional area figures", {
            "application/json": { schema: ref("ProvisionalArea"), example: PROVISIONAL_EXAMPLES.area },
          }),
          "404": error("not_found", "No such contest"),
        },
      },
    },
    "/api/v1/live/stream": {
      get: {
        summary:
          "Provisional figures as server-sent events, apart from the verified stream: every two seconds, an event `provisional` per contest whose figures changed (data: a ProvisionalContest)",
        parameters: [electionParam],
        responses: responses("Event stream", {
          "text/event-stream": {
            schema: { type: "string", description: "Each event's data is a ProvisionalContest" },
            example: `event: provisional\ndata: ${JSON.stringify(PROVISIONAL_EXAMPLES.contest)}\n\n`,
          },
        }),
      },
    },
    "/api/v1/stream": {
      get: {
        summary:
          "The same changes as server-sent events (event: the change's kind; data: a Change); resume with Last-Event-ID",
        parameters: [electionParam],
        responses: responses("Event stream", {
          "text/event-stream": {
            schema: { type: "string", description: "Each event's data is a Change (#/components/schemas/Change)" },
            example: `id: ${change.seq}\nevent: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`,
          },
        }),
      },
    },
  },
};

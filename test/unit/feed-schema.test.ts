// The media feed's document is generated from the schemas the real responses are held to
// (test/integration/count-correctness.test.ts): here, that every example fits its schema
// and that every response of every path has a schema and an example.
import { describe, expect, it } from "vitest";
import {
  changesSchema,
  constituencySchema,
  correctionsSchema,
  FEED_EXAMPLES,
  racesSchema,
  nationalSchema,
  snapshotSchema,
  unitSchema,
  incidentStatisticsSchema,
  verdictsSchema,
} from "../../web/results/feed-schema.ts";
import { loader } from "../../web/routes/api.v1.openapi[.json].ts";
import {
  PROVISIONAL_EXAMPLES,
  provisionalAreaSchema,
  provisionalContestSchema,
} from "../../web/live/provisional-schema.ts";

describe("the media feed's OpenAPI document", () => {
  it("has examples that fit their schemas", () => {
    expect(() => nationalSchema.parse(FEED_EXAMPLES.national)).not.toThrow();
    expect(() => constituencySchema.parse(FEED_EXAMPLES.constituency)).not.toThrow();
    expect(() => unitSchema.parse(FEED_EXAMPLES.unit)).not.toThrow();
    expect(() => changesSchema.parse(FEED_EXAMPLES.changes)).not.toThrow();
    expect(() => snapshotSchema.parse(FEED_EXAMPLES.snapshot)).not.toThrow();
    expect(() => racesSchema.parse(FEED_EXAMPLES.races)).not.toThrow();
    expect(() => correctionsSchema.parse(FEED_EXAMPLES.corrections)).not.toThrow();
    expect(() => incidentStatisticsSchema.parse(FEED_EXAMPLES.incidentStatistics)).not.toThrow();
    expect(() => verdictsSchema.parse(FEED_EXAMPLES.verdicts)).not.toThrow();
    expect(() => provisionalContestSchema.parse(PROVISIONAL_EXAMPLES.contest)).not.toThrow();
    expect(() => provisionalAreaSchema.parse(PROVISIONAL_EXAMPLES.area)).not.toThrow();
    // Strict: a field the schema does not name is an error, so the document cannot lag the feed.
    expect(() => unitSchema.parse({ ...FEED_EXAMPLES.unit, extra: 1 })).toThrow();
  });

  it("gives every response with a body a schema and an example", async () => {
    const doc = await loader().json();
    expect(doc.components.schemas.National.type).toBe("object");
    expect(doc.components.schemas.National.properties.coverage.properties.levels.required).toEqual([
      "verified",
      "decided",
      "reported",
      "flagged",
      "disputed",
      "silent",
    ]);
    let bodies = 0;
    for (const [path, item] of Object.entries<Record<string, { responses: Record<string, { content?: object }> }>>(
      doc.paths,
    )) {
      for (const [status, response] of Object.entries(item.get!.responses)) {
        if (status === "304") continue;
        expect(response.content, `${path} ${status}`).toBeDefined();
        for (const [type, media] of Object.entries(response.content!) as [
          string,
          { schema: unknown; example: unknown },
        ][]) {
          expect(media.schema, `${path} ${status}`).toBeDefined();
          expect(media.example, `${path} ${status}`).toBeDefined();
          // A CSV example has as many cells in each row as its header has columns.
          if (type === "text/csv") {
            const [header, ...rows] = (media.example as string).split("\r\n").map((l) => l.split(",").length);
            for (const cells of rows) expect(cells, path).toBe(header);
          }
          bodies++;
        }
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(18);
  });
});

// The count's taxonomy beyond the form's own sums (ADR 0022): the form's other fields as
// written, and the checks against the unit's other ballot, its register and its constituency.
import { describe, expect, it } from "vitest";
import { checkContext, checkTally, readDetails, readFigures, type EntryContext } from "../../web/tally/tally-rules.ts";
import { twoNumberFields } from "../support/count-fields.ts";

const fields = twoNumberFields();
const figures = readFigures(fields, [1, 2]).figures;
const TEST = { minUnits: 10, turnoutPoints: 25, sharePoints: 40, minValid: 100 };
const none: EntryContext = { registered: null, constituency: null };
const codes = (ctx: Partial<EntryContext>, f = figures) =>
  checkContext(f, { ...none, ...ctx }, TEST).map((a) => a.code);
/** A constituency of 20 verified units: 60 % turnout, number 1 with 65 % of the valid votes. */
const area = { units: 20, eligible: 16_000, voters: 9_600, votes: { "1": 5_850, "2": 3_150 } };

describe("the form's other fields", () => {
  it("are read as written, empty as null, and refused only when they cannot be what they say", () => {
    expect(readDetails({ countStartedAt: "17.05", countEndedAt: "18:40", formPosted: "yes", remarks: " ok " })).toEqual(
      {
        details: {
          remarks: "ok",
          countStartedAt: "17:05",
          countEndedAt: "18:40",
          formPosted: true,
          correctionReason: null,
        },
        bad: null,
      },
    );
    expect(readDetails({}).details).toEqual({
      remarks: null,
      countStartedAt: null,
      countEndedAt: null,
      formPosted: null,
      correctionReason: null,
    });
    expect(readDetails({ countStartedAt: "25:00" }).bad).toEqual({ field: "countStartedAt", code: "tally.notTime" });
    expect(readDetails({ formPosted: "maybe" }).bad).toEqual({ field: "formPosted", code: "tally.notYesNo" });
    expect(readDetails({ remarks: "a\u0000b" }).bad).toEqual({ field: "remarks", code: "tally.badText" });
    expect(readDetails({ remarks: "x".repeat(1001) }).bad?.code).toBe("tally.badText");
    expect(readDetails({ remarks: { nested: 1 } }).bad?.code).toBe("tally.badText");
    expect(readDetails({ formPosted: false }).details.formPosted).toBe(false); // JSON booleans too
  });

  it("flag a count that ends before it starts and a form not posted at the unit", () => {
    const check = (d: Record<string, unknown>) =>
      checkTally(figures, { turnoutFlagPercent: 95 }, readDetails(d).details).anomalies.map((a) => a.code);
    expect(check({ countStartedAt: "17:05", countEndedAt: "18:40", formPosted: "yes" })).toEqual([]);
    expect(check({ countStartedAt: "18:40", countEndedAt: "17:05" })).toEqual(["countTimes"]);
    expect(check({ formPosted: "no" })).toEqual(["notPosted"]);
  });
});

describe("a count against what the server knows", () => {
  it("flags eligible voters that differ from the unit's register", () => {
    expect(codes({ registered: 800 })).toEqual([]);
    expect(codes({ registered: 799 })).toEqual(["eligibleRegistered"]);
  });

  it("flags turnout and a number's share far from the constituency, once it has enough verified units", () => {
    // 75 % turnout and 65 % for number 1: within 25 and 40 points of the constituency.
    expect(codes({ constituency: area })).toEqual([]);
    const lowTurnout = readFigures({ ...fields, eligible: "2000" }, [1, 2]).figures; // 30 %
    expect(codes({ constituency: area }, lowTurnout)).toEqual(["turnoutOutlier"]);
    const sweep = readFigures({ ...fields, vote_1: "5", vote_2: "565" }, [1, 2]).figures; // number 1: 1 %
    expect(codes({ constituency: area }, sweep)).toEqual(["shareOutlier"]);
    // Too few verified units there yet: no yardstick.
    expect(codes({ constituency: { ...area, units: 9 } }, sweep)).toEqual([]);
    // A unit with few valid votes is too small to judge its shares.
    const small = readFigures(
      { ...fields, valid: "60", ballotsUsed: "90", voters: "90", vote_1: "1", vote_2: "59" },
      [1, 2],
    ).figures;
    expect(codes({ constituency: area }, small)).not.toContain("shareOutlier");
  });
});

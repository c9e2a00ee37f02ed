import { describe, expect, it } from "vitest";
import { countFormOf } from "../../web/elections/contest-kinds.ts";
import { tFor } from "../../web/i18n/i18n.ts";

describe("the count report a committee fills in", () => {
  it("is the ECT's form by who counted: 5/18 at a polling unit, 5/16 and 5/17 at the counting centres, (บช.) on the party list", () => {
    expect(countFormOf("constituency", "polling")).toBe("ส.ส. 5/18");
    expect(countFormOf("party_list", "polling")).toBe("ส.ส. 5/18 (บช.)");
    expect(countFormOf("constituency", "advance_in")).toBe("ส.ส. 5/16");
    expect(countFormOf("party_list", "advance_in")).toBe("ส.ส. 5/16 (บช.)");
    for (const kind of ["advance_out", "overseas", "central"]) {
      expect(countFormOf("constituency", kind)).toBe("ส.ส. 5/17");
      expect(countFormOf("party_list", kind)).toBe("ส.ส. 5/17 (บช.)");
    }
  });

  it("has no ECT number outside an MP election (a governor, a council, a referendum): the pages say the count report", () => {
    for (const ballot of ["governor", "council", "referendum"]) expect(countFormOf(ballot, "polling")).toBeNull();
    const t = tFor("th");
    expect(t("report.photoForm", { form: t("report.formNumbered", { number: "ส.ส. 5/16" }) })).toBe(
      "ภาพแบบ ส.ส. 5/16 ที่ลงนามแล้ว",
    );
    expect(t("report.photoForm", { form: t("report.formGeneric") })).toBe("ภาพแบบรายงานผลการนับคะแนน ที่ลงนามแล้ว");
    expect(tFor("en")("report.figures", { form: tFor("en")("report.formGeneric") })).toBe(
      "Figures from the count report",
    );
  });
});

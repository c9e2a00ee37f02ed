import { describe, expect, it } from "vitest";
import { verificationLevel } from "../../web/tally/verification.ts";

const base = { decided: false, hasFormPhoto: true, flagged: false };

describe("verification levels", () => {
  it("says verified only for agreement with the signed form's photo", () => {
    expect(verificationLevel({ ...base, status: "verified" })).toBe("verified");
    expect(verificationLevel({ ...base, status: "verified", hasFormPhoto: false })).toBe("reported");
  });
  it("tells a decision from agreement", () => {
    expect(verificationLevel({ ...base, status: "verified", decided: true })).toBe("decided");
  });
  it("tells a flagged form from a disagreement", () => {
    expect(verificationLevel({ ...base, status: "disputed", flagged: true })).toBe("flagged");
    expect(verificationLevel({ ...base, status: "disputed" })).toBe("disputed");
    expect(verificationLevel({ ...base, status: "escalated" })).toBe("disputed");
    expect(verificationLevel({ ...base, status: "reported" })).toBe("reported");
    expect(verificationLevel({ ...base, status: "none" })).toBeNull();
  });
});

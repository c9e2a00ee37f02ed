import { ethers } from "ethers";
import { describe, expect, it } from "vitest";
import { ANCHOR_ABI, ANCHOR_OF_SELECTOR } from "../../web/evidence/contract.ts";

describe("the anchoring contract's interface", () => {
  it("has the selector the audit page uses for anchorOf(bytes32)", () => {
    expect(new ethers.Interface(ANCHOR_ABI).getFunction("anchorOf")!.selector).toBe(ANCHOR_OF_SELECTOR);
  });
});

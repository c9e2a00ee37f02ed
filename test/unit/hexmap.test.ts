// The results map's layouts (issue 38): one hex per area, no two on a cell, each province
// in one piece as far as the grid allows, the same layout from the same geography — and
// the committed files are what `npm run hexmap` makes from the synthetic country.
import { describe, expect, it } from "vitest";
import { hexLayout, type HexJson } from "../../web/results/hexmap/layout.ts";
import { PROVINCES } from "../../web/geography/provinces.ts";
import constituencies from "../../web/results/hexmap/constituencies.hex.json";
import bangkok from "../../web/results/hexmap/bangkok-districts.hex.json";

const cellsOf = (layout: HexJson) => Object.values(layout.hexes).map((h) => `${h.q},${h.r}`);

describe("hex layouts", () => {
  it("places every constituency of the country on a cell of its own, by province", () => {
    const layout = constituencies as HexJson;
    expect(layout.layout).toBe("odd-r");
    const ids = PROVINCES.flatMap((p) =>
      Array.from({ length: p.constituencies }, (_, i) => `${p.code}-${String(i + 1).padStart(2, "0")}`),
    );
    expect(Object.keys(layout.hexes).sort()).toEqual(ids.sort());
    expect(new Set(cellsOf(layout)).size).toBe(400);
    for (const [id, hex] of Object.entries(layout.hexes)) expect(hex.group).toBe(id.slice(0, 2));
  });

  it("has Bangkok's 50 districts", () => {
    const layout = bangkok as HexJson;
    expect(Object.keys(layout.hexes)).toHaveLength(50);
    expect(new Set(cellsOf(layout)).size).toBe(50);
  });

  it("keeps a group together and is the same for the same input", () => {
    const areas = Array.from({ length: 30 }, (_, i) => ({
      id: `a${i}`,
      name: `a${i}`,
      group: i < 20 ? "big" : "small",
      lat: 13 + (i % 5) * 0.01,
      lng: 100 + Math.floor(i / 5) * 0.01,
    }));
    const layout = hexLayout(areas, 3);
    expect(layout).toEqual(hexLayout(areas, 3));
    expect(new Set(cellsOf(layout)).size).toBe(30);
    // Every cell of the big group touches another of it.
    const big = Object.values(layout.hexes).filter((h) => h.group === "big");
    const at = new Set(big.map((h) => `${h.q},${h.r}`));
    for (const h of big) {
      const shift = h.r & 1 ? 0 : -1;
      const around = [
        [h.q - 1, h.r],
        [h.q + 1, h.r],
        [h.q + shift, h.r - 1],
        [h.q + shift + 1, h.r - 1],
        [h.q + shift, h.r + 1],
        [h.q + shift + 1, h.r + 1],
      ];
      expect(around.some(([q, r]) => at.has(`${q},${r}`))).toBe(true);
    }
  });
});

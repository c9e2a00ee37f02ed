// Equal-area hex maps (issue 38): every area one hexagon of the same size, laid out near
// where its polling units are, so Bangkok's 33 constituencies weigh on the map what they
// weigh in the House. The layout is data (HexJSON, ODI Leeds' format: `odd-r` offset
// coordinates), made by scripts/hexmap.ts from the geography and committed beside this
// file; the pages read it, never compute it.

export interface HexJson {
  layout: "odd-r";
  hexes: Record<string, Hex>;
}

export interface Hex {
  q: number;
  r: number;
  /** The area's name (Thai). */
  n: string;
  /** The group the area belongs to (its province), kept together on the map. */
  group: string;
}

export interface AreaPoint {
  id: string;
  name: string;
  group: string;
  /** The mean position of the area's units. */
  lat: number;
  lng: number;
}

const ROW_HEIGHT = Math.sqrt(3) / 2;

/** The centre of a cell, in hex widths (pointy-top hexes, odd rows shifted right). */
export function hexCentre(q: number, r: number) {
  return { x: q + (r & 1 ? 0.5 : 0), y: r * ROW_HEIGHT };
}

function neighbours(q: number, r: number): [number, number][] {
  const shift = r & 1 ? 0 : -1;
  return [
    [q - 1, r],
    [q + 1, r],
    [q + shift, r - 1],
    [q + shift + 1, r - 1],
    [q + shift, r + 1],
    [q + shift + 1, r + 1],
  ];
}

/** Lays the areas out on a hex grid of `perDegree` hexes per degree: the largest groups
 *  first; in a group, its areas from the one nearest its middle outwards, each in the
 *  free cell nearest its own position among those touching the group's cells, so a
 *  province stays in one piece and sits near its place; deterministic for the same input. */
export function hexLayout(areas: AreaPoint[], perDegree: number): HexJson {
  const north = Math.max(...areas.map((a) => a.lat));
  const west = Math.min(...areas.map((a) => a.lng));
  const target = (a: AreaPoint) => ({ x: (a.lng - west) * perDegree, y: (north - a.lat) * perDegree });
  const taken = new Map<string, string>();
  const cellKey = (q: number, r: number) => `${q},${r}`;
  const distance = (q: number, r: number, t: { x: number; y: number }) => {
    const c = hexCentre(q, r);
    return (c.x - t.x) ** 2 + (c.y - t.y) ** 2;
  };
  const nearestFree = (t: { x: number; y: number }) => {
    const r0 = Math.round(t.y / ROW_HEIGHT);
    const q0 = Math.round(t.x);
    for (let reach = 0; ; reach++) {
      let best: [number, number] | null = null;
      for (let r = r0 - reach; r <= r0 + reach; r++)
        for (let q = q0 - reach; q <= q0 + reach; q++)
          if (!taken.has(cellKey(q, r)) && (!best || distance(q, r, t) < distance(best[0], best[1], t))) best = [q, r];
      if (best) return best;
    }
  };

  const groups = new Map<string, AreaPoint[]>();
  for (const a of areas) groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
  const order = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const placed: Record<string, Hex> = {};
  for (const [group, members] of order) {
    const mid = {
      lat: members.reduce((s, m) => s + m.lat, 0) / members.length,
      lng: members.reduce((s, m) => s + m.lng, 0) / members.length,
    };
    const sorted = [...members].sort(
      (a, b) =>
        (a.lat - mid.lat) ** 2 + (a.lng - mid.lng) ** 2 - ((b.lat - mid.lat) ** 2 + (b.lng - mid.lng) ** 2) ||
        a.id.localeCompare(b.id),
    );
    const cells: [number, number][] = [];
    for (const area of sorted) {
      const t = target(area);
      const frontier = cells.flatMap(([q, r]) => neighbours(q, r)).filter(([q, r]) => !taken.has(cellKey(q, r)));
      const cell = frontier.length
        ? frontier.reduce((best, c) => (distance(c[0], c[1], t) < distance(best[0], best[1], t) ? c : best))
        : nearestFree(t);
      taken.set(cellKey(cell[0], cell[1]), area.id);
      cells.push(cell);
      placed[area.id] = { q: cell[0], r: cell[1], n: area.name, group };
    }
  }
  // From (0, 0): rows move by an even number so that odd rows stay odd.
  const minQ = Math.min(...Object.values(placed).map((h) => h.q));
  const minR = Math.min(...Object.values(placed).map((h) => h.r));
  const rowShift = minR - (((minR % 2) + 2) % 2);
  const hexes: Record<string, Hex> = {};
  for (const id of Object.keys(placed).sort()) {
    const h = placed[id]!;
    hexes[id] = { ...h, q: h.q - minQ, r: h.r - rowShift };
  }
  return { layout: "odd-r", hexes };
}

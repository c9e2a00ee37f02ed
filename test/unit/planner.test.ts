import { describe, expect, it } from "vitest";
import {
  plan,
  proximity,
  type PlanCandidate,
  type PlanExisting,
  type PlanInput,
  type PlanUnit,
} from "../../web/assignment/planner.ts";
import { prng } from "../../web/geography/generator.ts";

/** Reference: Edmonds–Karp on the explicit graph — source → organisation (quota) →
 *  volunteer (1) → every eligible unit (1) → sink — written independently of the planner. */
function referenceMaximum(input: PlanInput): number {
  const placed = new Set(input.existing.map((e) => e.volunteerId));
  const covered = new Set(input.existing.filter((e) => e.slot === 0).map((e) => e.unitCode));
  const used = new Map<string, number>();
  for (const e of input.existing)
    if (e.organisationId) used.set(e.organisationId, (used.get(e.organisationId) ?? 0) + 1);
  const people = input.candidates.filter((c) => !placed.has(c.volunteerId));
  const units = input.units.filter((u) => !covered.has(u.code));
  const orgs = [...input.quotas.keys()];
  const n = 2 + orgs.length + people.length + units.length;
  const cap: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const edge = (u: number, v: number, c: number) => {
    cap[u]!.set(v, (cap[u]!.get(v) ?? 0) + c);
    if (!cap[v]!.has(u)) cap[v]!.set(u, 0);
  };
  orgs.forEach((o, i) => edge(0, 2 + i, Math.max(0, input.quotas.get(o)! - (used.get(o) ?? 0))));
  people.forEach((p, i) => {
    const node = 2 + orgs.length + i;
    const org = p.organisationId && input.quotas.has(p.organisationId) ? orgs.indexOf(p.organisationId) : -1;
    edge(org >= 0 ? 2 + org : 0, node, 1);
    units.forEach((u, j) => {
      if (proximity(p, u) >= 0) edge(node, 2 + orgs.length + people.length + j, 1);
    });
  });
  units.forEach((_, j) => edge(2 + orgs.length + people.length + j, 1, 1));
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(n).fill(-1);
    parent[0] = 0;
    const queue = [0];
    for (let i = 0; i < queue.length && parent[1] === -1; i++) {
      for (const [v, c] of cap[queue[i]!]!)
        if (c > 0 && parent[v] === -1) {
          parent[v] = queue[i]!;
          queue.push(v);
        }
    }
    if (parent[1] === -1) return flow + covered.size;
    for (let v = 1; v !== 0; v = parent[v]!) {
      const u = parent[v]!;
      cap[u]!.set(v, cap[u]!.get(v)! - 1);
      cap[v]!.set(u, cap[v]!.get(u)! + 1);
    }
    flow++;
  }
}

function randomInstance(seed: number): PlanInput {
  const r = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const provinces = ["10", "20", "30"].slice(0, 1 + Math.floor(r() * 3));
  const units: PlanUnit[] = [];
  for (const p of provinces) {
    const n = Math.floor(r() * 7);
    for (let i = 0; i < n; i++) {
      const c = `${p}-0${1 + Math.floor(r() * 2)}`;
      units.push({
        code: `${c}-${p}0${1 + Math.floor(r() * 2)}01-${String(i).padStart(3, "0")}`,
        constituencyId: c,
        subdistrictCode: `${p}0${1 + Math.floor(r() * 2)}01`,
      });
    }
  }
  const orgs = ["org-a", "org-b", "org-c"];
  const candidates: PlanCandidate[] = [];
  const nPeople = Math.floor(r() * 12);
  for (let i = 0; i < nPeople; i++) {
    const p = pick([...provinces, "40"]);
    const sub = r() < 0.5 ? `${p}0${1 + Math.floor(r() * 2)}01` : null;
    candidates.push({
      volunteerId: `v-${String(i).padStart(3, "0")}`,
      organisationId: r() < 0.2 ? null : pick(orgs),
      provinceCode: p,
      constituencyId: r() < 0.5 ? `${p}-0${1 + Math.floor(r() * 2)}` : null,
      subdistrictCode: sub,
      districtCode: sub?.slice(0, 4) ?? null,
    });
  }
  const quotas = new Map<string, number>();
  for (const o of orgs) if (r() < 0.5) quotas.set(o, Math.floor(r() * 4));
  const existing: PlanExisting[] = [];
  for (const u of units) {
    if (r() < 0.15) {
      const c = candidates.find((c) => !existing.some((e) => e.volunteerId === c.volunteerId) && proximity(c, u) >= 0);
      if (c) existing.push({ unitCode: u.code, slot: 0, volunteerId: c.volunteerId, organisationId: c.organisationId });
    }
  }
  return { units, candidates, existing, quotas };
}

function checkValid(input: PlanInput, result: ReturnType<typeof plan>) {
  const volunteers = new Set(input.existing.map((e) => e.volunteerId));
  const slots = new Set(input.existing.map((e) => `${e.unitCode}#${e.slot}`));
  const used = new Map<string, number>();
  for (const e of [...input.existing, ...result.placements])
    if (e.organisationId) used.set(e.organisationId, (used.get(e.organisationId) ?? 0) + 1);
  for (const p of result.placements) {
    expect(volunteers.has(p.volunteerId), `${p.volunteerId} placed twice`).toBe(false);
    volunteers.add(p.volunteerId);
    expect(slots.has(`${p.unitCode}#${p.slot}`), `${p.unitCode} slot ${p.slot} filled twice`).toBe(false);
    slots.add(`${p.unitCode}#${p.slot}`);
    const unit = input.units.find((u) => u.code === p.unitCode)!;
    const person = input.candidates.find((c) => c.volunteerId === p.volunteerId)!;
    expect(proximity(person, unit)).toBe(p.level);
    if (p.slot === 1) expect(slots.has(`${p.unitCode}#0`)).toBe(true);
  }
  for (const [org, q] of input.quotas) {
    const before = input.existing.filter((e) => e.organisationId === org).length;
    expect(used.get(org) ?? 0).toBeLessThanOrEqual(Math.max(q, before));
  }
}

describe("tier-1 planner", () => {
  it("reaches the maximum matching on 500 small random instances (checked by an independent max-flow)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const input = randomInstance(seed);
      const result = plan(input);
      const maximum = referenceMaximum(input);
      expect(result.reporters, `seed ${seed}`).toBe(maximum);
      expect(result.bound, `seed ${seed}`).toBe(maximum);
      checkValid(input, result);
    }
  });

  it("is deterministic, whatever the order of its input", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const input = randomInstance(seed);
      const shuffled = { ...input, units: [...input.units].reverse(), candidates: [...input.candidates].reverse() };
      expect(plan(shuffled).placements).toEqual(plan(input).placements);
    }
  });

  it("puts people closest first and respects quotas", () => {
    const unit = (code: string, sub: string): PlanUnit => ({
      code,
      constituencyId: code.slice(0, 5),
      subdistrictCode: sub,
    });
    const units = [
      unit("10-01-100101-001", "100101"),
      unit("10-01-100102-001", "100102"),
      unit("10-02-100201-001", "100201"),
    ];
    const person = (id: string, sub: string | null, org: string | null = null): PlanCandidate => ({
      volunteerId: id,
      organisationId: org,
      provinceCode: "10",
      constituencyId: null,
      subdistrictCode: sub,
      districtCode: sub?.slice(0, 4) ?? null,
    });
    const result = plan({
      units,
      candidates: [
        person("a", "100201"),
        person("b", "100102"),
        person("c", "100101", "capped"),
        person("d", "100101", "capped"),
        person("e", null),
      ],
      existing: [],
      quotas: new Map([["capped", 1]]),
    });
    const where = Object.fromEntries(result.placements.map((p) => [p.volunteerId, [p.unitCode, p.slot, p.level]]));
    expect(where.a).toEqual(["10-02-100201-001", 0, 0]);
    expect(where.b).toEqual(["10-01-100102-001", 0, 0]);
    expect(where.c).toEqual(["10-01-100101-001", 0, 0]);
    expect(where.d).toBeUndefined(); // the organisation's quota of 1 is used
    expect(where.e).toEqual(["10-01-100101-001", 1, 3]); // a backup, anywhere in the province
    expect(result).toMatchObject({ reporters: 3, backups: 1, bound: 3 });
  });
});

describe("the quick count's sample in the plan (issue 39)", () => {
  it("fills the sample units first, with reporters and backups, and still reaches the maximum", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const base = randomInstance(seed);
      const random = prng(seed * 7);
      const input = { ...base, units: base.units.map((u) => ({ ...u, inSample: random() < 0.2 })) };
      const result = plan(input);
      expect(result.reporters, `seed ${seed}`).toBe(referenceMaximum(input));
      checkValid(input, result);
      // Per province: no non-sample unit got a new reporter while a sample unit that some
      // placed volunteer could reach was left without one.
      const covered = new Set([
        ...input.existing.filter((e) => e.slot === 0).map((e) => e.unitCode),
        ...result.placements.filter((p) => p.slot === 0).map((p) => p.unitCode),
      ]);
      const newlyPlaced = result.placements.filter((p) => p.slot === 0);
      for (const p of newlyPlaced) {
        const unit = input.units.find((u) => u.code === p.unitCode)!;
        if (unit.inSample) continue;
        const province = unit.constituencyId.slice(0, 2);
        const waiting = input.units.filter(
          (u) => u.inSample && u.constituencyId.startsWith(province) && !covered.has(u.code),
        );
        expect(waiting, `seed ${seed}: ${p.unitCode} filled before sample units`).toEqual([]);
      }
    }
  });
});

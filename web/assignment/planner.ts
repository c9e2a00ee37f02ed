// Tier 1 planning, in memory and deterministic: who reports from which polling unit.
//
// Eligibility: an approved polling-unit volunteer may serve any unit in the province
// of their preferred area; proximity ranks the choices (same subdistrict, then
// district, then constituency, then anywhere in the province). Organisations may cap
// how many of their volunteers are placed (a quota).
//
// Coverage is maximised first: because eligibility is province-wide, units within a
// province are interchangeable for the count, so the maximum matching is a maximum flow
// on a small aggregated network (source → organisation [quota] → organisation×province
// [its volunteers there] → province [its uncovered units] → sink). The flow says how
// many reporters each organisation contributes in each province; a greedy pass then
// picks which volunteer goes where, closest first, filling exactly those numbers. Then
// backups: one per covered unit, from who is left (within quotas), closest first.
import { FlowNetwork } from "./max-flow.ts";

export interface PlanUnit {
  code: string;
  constituencyId: string;
  subdistrictCode: string;
  /** In the quick count's sample (issue 39): filled first, reporters and backups alike. */
  inSample?: boolean;
}

export interface PlanCandidate {
  volunteerId: string;
  organisationId: string | null;
  provinceCode: string;
  constituencyId: string | null;
  subdistrictCode: string | null;
  districtCode: string | null;
}

export interface PlanExisting {
  unitCode: string;
  slot: number;
  volunteerId: string;
  organisationId: string | null;
}

export interface PlanInput {
  units: PlanUnit[];
  candidates: PlanCandidate[];
  existing: PlanExisting[];
  /** Organisation id → the most of its volunteers that may be placed (both slots). */
  quotas: Map<string, number>;
}

export interface Placement {
  unitCode: string;
  slot: 0 | 1;
  volunteerId: string;
  organisationId: string | null;
  /** 0 same subdistrict, 1 same district, 2 same constituency, 3 same province. */
  level: number;
}

export interface Plan {
  placements: Placement[];
  /** Units with a reporter after the plan (existing + new). */
  reporters: number;
  backups: number;
  /** The maximum number of units that can have a reporter, given who is already placed. */
  bound: number;
}

export const REPORTER = 0;
export const BACKUP = 1;

const provinceOf = (unit: PlanUnit) => unit.constituencyId.slice(0, 2);

/** How close a unit is to what a volunteer asked for, or -1 when out of reach. */
export function proximity(c: PlanCandidate, unit: PlanUnit): number {
  if (provinceOf(unit) !== c.provinceCode) return -1;
  if (c.subdistrictCode && c.subdistrictCode === unit.subdistrictCode) return 0;
  if (c.districtCode && c.districtCode === unit.subdistrictCode.slice(0, 4)) return 1;
  if (c.constituencyId && c.constituencyId === unit.constituencyId) return 2;
  return 3;
}

/** Units of one province, indexed so that "the first free unit near here" is quick. */
class UnitPool {
  private taken = new Set<string>();
  private buckets = new Map<string, { units: PlanUnit[]; next: number }>();
  remaining: number;

  constructor(units: PlanUnit[]) {
    this.remaining = units.length;
    const add = (key: string, unit: PlanUnit) => {
      let b = this.buckets.get(key);
      if (!b) this.buckets.set(key, (b = { units: [], next: 0 }));
      b.units.push(unit);
    };
    for (const u of units) {
      add(`s:${u.subdistrictCode}`, u);
      add(`d:${u.subdistrictCode.slice(0, 4)}`, u);
      add(`c:${u.constituencyId}`, u);
      add("p", u);
    }
  }

  /** Takes the first free unit (by code) in the bucket for `level`, if any. */
  take(c: PlanCandidate, level: number): PlanUnit | undefined {
    const key = [
      c.subdistrictCode && `s:${c.subdistrictCode}`,
      c.districtCode && `d:${c.districtCode}`,
      c.constituencyId && `c:${c.constituencyId}`,
      "p",
    ][level];
    if (!key) return undefined;
    const b = this.buckets.get(key);
    if (!b) return undefined;
    while (b.next < b.units.length && this.taken.has(b.units[b.next]!.code)) b.next++;
    const unit = b.units[b.next];
    if (!unit) return undefined;
    this.taken.add(unit.code);
    this.remaining--;
    return unit;
  }
}

/** A province's units as pools to fill in turn: the quick count's sample units first (a
 *  volunteer goes to a farther sample unit before a nearer other one), then the rest. */
function samplePoolsFirst(units: PlanUnit[]) {
  const sample = units.filter((u) => u.inSample);
  const rest = sample.length ? units.filter((u) => !u.inSample) : units;
  return [sample, rest].filter((list) => list.length).map((list) => new UnitPool(list));
}

const byCode = (a: PlanUnit, b: PlanUnit) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const FREE = "\u0000free"; // volunteers of organisations without a quota, and independents

export function plan(input: PlanInput): Plan {
  const placements: Placement[] = [];
  const placed = new Set(input.existing.map((e) => e.volunteerId));
  const slotsTaken = new Set(input.existing.map((e) => `${e.unitCode}#${e.slot}`));
  const used = new Map<string, number>();
  for (const e of input.existing)
    if (e.organisationId) used.set(e.organisationId, (used.get(e.organisationId) ?? 0) + 1);
  const quotaLeft = new Map<string, number>();
  for (const [org, q] of input.quotas) quotaLeft.set(org, Math.max(0, q - (used.get(org) ?? 0)));
  const groupOf = (c: PlanCandidate) =>
    c.organisationId && input.quotas.has(c.organisationId) ? c.organisationId : FREE;

  // Free candidates and uncovered units, by province, in a fixed order.
  const free = input.candidates
    .filter((c) => !placed.has(c.volunteerId))
    .sort((a, b) => (a.volunteerId < b.volunteerId ? -1 : 1));
  const units = [...input.units].sort(byCode);
  const uncovered = new Map<string, PlanUnit[]>();
  for (const u of units) {
    if (slotsTaken.has(`${u.code}#${REPORTER}`)) continue;
    const p = provinceOf(u);
    (uncovered.get(p) ?? uncovered.set(p, []).get(p)!).push(u);
  }

  // The aggregated network. Node ids: 0 source, 1 sink, then organisations, groups, provinces.
  const provinces = [...uncovered.keys()].sort();
  const groupSize = new Map<string, number>(); // "<org>|<province>"
  for (const c of free) {
    if (!uncovered.has(c.provinceCode)) continue;
    const key = `${groupOf(c)}|${c.provinceCode}`;
    groupSize.set(key, (groupSize.get(key) ?? 0) + 1);
  }
  const orgs = [...quotaLeft.keys()].sort();
  const groups = [...groupSize.keys()].sort();
  const net = new FlowNetwork(2 + orgs.length + groups.length + provinces.length);
  const orgNode = new Map(orgs.map((o, i) => [o, 2 + i]));
  const provinceNode = new Map(provinces.map((p, i) => [p, 2 + orgs.length + groups.length + i]));
  for (const o of orgs) net.addEdge(0, orgNode.get(o)!, quotaLeft.get(o)!);
  const groupEdge = new Map<string, number>();
  groups.forEach((key, i) => {
    const node = 2 + orgs.length + i;
    const [org, province] = key.split("|") as [string, string];
    const size = groupSize.get(key)!;
    net.addEdge(org === FREE ? 0 : orgNode.get(org)!, node, size);
    groupEdge.set(key, net.addEdge(node, provinceNode.get(province)!, size));
  });
  for (const p of provinces) net.addEdge(provinceNode.get(p)!, 1, uncovered.get(p)!.length);
  const flow = net.maxFlow(0, 1);
  const existingReporters = input.existing.filter((e) => e.slot === REPORTER).length;

  // Reporters: per province, closest first. The province takes exactly its share of the
  // flow. A group may take more than its own share there when its quota has room the
  // flow left unused (or it has no quota): someone closer is then placed instead of
  // someone farther, and the count stays at the maximum (another group takes fewer).
  const allowance = new Map<string, number>(groups.map((g) => [g, net.flowOn(groupEdge.get(g)!)]));
  const slack = new Map<string, number>(orgs.map((o) => [o, quotaLeft.get(o)!]));
  for (const g of groups) {
    const org = g.split("|")[0]!;
    if (org !== FREE) slack.set(org, slack.get(org)! - allowance.get(g)!);
  }
  const freeByProvince = new Map<string, PlanCandidate[]>();
  for (const c of free)
    (freeByProvince.get(c.provinceCode) ?? freeByProvince.set(c.provinceCode, []).get(c.provinceCode)!).push(c);
  for (const p of provinces) {
    const people = freeByProvince.get(p) ?? [];
    let needed = groups.filter((g) => g.endsWith(`|${p}`)).reduce((sum, g) => sum + allowance.get(g)!, 0);
    for (const pool of samplePoolsFirst(uncovered.get(p)!))
      for (let level = 0; level <= 3 && needed > 0; level++) {
        for (const c of people) {
          if (needed === 0) break;
          if (placed.has(c.volunteerId)) continue;
          const org = groupOf(c);
          const key = `${org}|${p}`;
          const own = allowance.get(key) ?? 0;
          if (own <= 0 && org !== FREE && slack.get(org)! <= 0) continue;
          const unit = pool.take(c, level);
          if (!unit) continue;
          if (own > 0) allowance.set(key, own - 1);
          else if (org !== FREE) slack.set(org, slack.get(org)! - 1);
          needed--;
          placed.add(c.volunteerId);
          slotsTaken.add(`${unit.code}#${REPORTER}`);
          placements.push({
            unitCode: unit.code,
            slot: REPORTER,
            volunteerId: c.volunteerId,
            organisationId: c.organisationId,
            level,
          });
        }
      }
  }
  for (const pl of placements) {
    const g = groupOf({ organisationId: pl.organisationId } as PlanCandidate);
    if (g !== FREE) quotaLeft.set(g, quotaLeft.get(g)! - 1);
  }

  // Backups: one per unit that has a reporter and no backup, from who is left.
  const backupUnits = new Map<string, PlanUnit[]>();
  for (const u of units) {
    if (!slotsTaken.has(`${u.code}#${REPORTER}`) || slotsTaken.has(`${u.code}#${BACKUP}`)) continue;
    const p = provinceOf(u);
    (backupUnits.get(p) ?? backupUnits.set(p, []).get(p)!).push(u);
  }
  let backupsAdded = 0;
  for (const [p, list] of [...backupUnits.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const people = (freeByProvince.get(p) ?? []).filter((c) => !placed.has(c.volunteerId));
    for (const pool of samplePoolsFirst(list))
      for (let level = 0; level <= 3 && pool.remaining > 0; level++) {
        for (const c of people) {
          if (placed.has(c.volunteerId)) continue;
          const g = groupOf(c);
          if (g !== FREE && quotaLeft.get(g)! <= 0) continue;
          const unit = pool.take(c, level);
          if (!unit) continue;
          if (g !== FREE) quotaLeft.set(g, quotaLeft.get(g)! - 1);
          placed.add(c.volunteerId);
          placements.push({
            unitCode: unit.code,
            slot: BACKUP,
            volunteerId: c.volunteerId,
            organisationId: c.organisationId,
            level,
          });
          backupsAdded++;
        }
      }
  }

  const reportersAdded = placements.length - backupsAdded;
  return {
    placements,
    reporters: existingReporters + reportersAdded,
    backups: input.existing.filter((e) => e.slot === BACKUP).length + backupsAdded,
    bound: existingReporters + flow,
  };
}

// Shared by the assignment benchmarks: the whole synthetic country and a roster of
// approved volunteers in a scratch database (two organisations, one with a quota).
import { Readable } from "node:stream";
import pg from "pg";
import { importRosterCsv } from "../../web/recruitment/roster-import.server.ts";
import { generateRosterCsv } from "../../web/recruitment/roster-generator.ts";
import { rosterAreas } from "../../web/recruitment/recruitment.sql.server.ts";
import { countryDatabase, seconds } from "./lib.ts";
import { insertElection, insertGeneralContests } from "../../web/elections/elections.sql.server.ts";

export async function countryWithVolunteers(label: string, volunteers: number) {
  const t = performance.now();
  const { database, client, units } = await countryDatabase(label);
  const areas = await rosterAreas(client);
  const org = async (slug: string, quota: number | null) =>
    (
      await client.query<{ id: string }>(
        `INSERT INTO "Organisation" (id, slug, "nameTh", "nameEn", "unitQuota") VALUES (gen_random_uuid(), $1, $1, $1, $2) RETURNING id`,
        [slug, quota],
      )
    ).rows[0]!.id;
  const network = await org("network", null);
  const university = await org("university", Math.round(volunteers / 10));
  const approvedRoster = (count: number, first: number) =>
    Readable.from(
      (function* () {
        for (const chunk of generateRosterCsv({ count, first, areas }))
          yield chunk.replace(/,pending\n/g, ",approved\n");
      })(),
    );
  const networkShare = Math.round(volunteers * 0.8);
  await importRosterCsv(client, approvedRoster(networkShare, 0), {
    organisationId: network,
    actorId: null,
    minAge: 15,
  });
  await importRosterCsv(client, approvedRoster(volunteers - networkShare, networkShare), {
    organisationId: university,
    actorId: null,
    minAge: 15,
  });
  // Placements are per election: a general election over every unit.
  const electionId = await insertElection(client, {
    slug: "bench",
    nameTh: "เลือกตั้ง",
    nameEn: "Election",
    date: "2027-03-14",
    closesAt: "2027-03-14T17:00:00+07:00",
  });
  await insertGeneralContests(client, electionId);
  await client.query("VACUUM ANALYZE");
  console.log(
    `country (${units} units) and ${volunteers} approved volunteers loaded in ${seconds(performance.now() - t)} s`,
  );
  return { database, client, network, university, areas, approvedRoster, units, electionId };
}

/** Independently of the planner: the maximum number of units with a reporter, as a
 *  max-flow (Edmonds–Karp) on counts read by SQL — source → organisation (quota) →
 *  organisation×province (its people there) → province (its units) → sink. */
export async function independentBound(client: pg.Client): Promise<number> {
  const { rows: groups } = await client.query<{
    org: string | null;
    quota: number | null;
    province: string;
    people: number;
  }>(`
    SELECT o.id AS org, o."unitQuota" AS quota, c."provinceCode" AS province, count(*)::int AS people
      FROM (SELECT DISTINCT ON (a."volunteerId") a."volunteerId", a."organisationId", a."provinceCode"
              FROM "Affiliation" a WHERE a.status = 'approved' AND 'polling_unit' = ANY(a.tiers) AND a."provinceCode" IS NOT NULL
             ORDER BY a."volunteerId", a."createdAt", a.id) c
      LEFT JOIN "Organisation" o ON o.id = c."organisationId"
     GROUP BY 1, 2, 3`);
  const { rows: provinces } = await client.query<{ province: string; units: number }>(
    `SELECT left("constituencyId", 2) AS province, count(*)::int AS units FROM "PollingUnit" GROUP BY 1`,
  );
  const names = ["S", "T"];
  const id = (name: string) => (names.includes(name) ? names.indexOf(name) : names.push(name) - 1);
  const cap = new Map<number, Map<number, number>>();
  const add = (u: number, v: number, c: number) => {
    if (!cap.has(u)) cap.set(u, new Map());
    if (!cap.has(v)) cap.set(v, new Map());
    cap.get(u)!.set(v, (cap.get(u)!.get(v) ?? 0) + c);
    if (!cap.get(v)!.has(u)) cap.get(v)!.set(u, 0);
  };
  const quotaOrgs = new Set<string>();
  for (const g of groups) {
    const from = g.quota != null ? id(`org:${g.org}`) : id("S");
    if (g.quota != null && !quotaOrgs.has(g.org!)) {
      quotaOrgs.add(g.org!);
      add(id("S"), from, g.quota);
    }
    add(from, id(`p:${g.province}`), g.people);
  }
  for (const p of provinces) add(id(`p:${p.province}`), id("T"), p.units);
  let flow = 0;
  for (;;) {
    const parent = new Map<number, number>([[0, 0]]);
    const queue = [0];
    for (let i = 0; i < queue.length && !parent.has(1); i++) {
      for (const [v, c] of cap.get(queue[i]!) ?? [])
        if (c > 0 && !parent.has(v)) {
          parent.set(v, queue[i]!);
          queue.push(v);
        }
    }
    if (!parent.has(1)) return flow;
    let push = Infinity;
    for (let v = 1; v !== 0; v = parent.get(v)!) push = Math.min(push, cap.get(parent.get(v)!)!.get(v)!);
    for (let v = 1; v !== 0; v = parent.get(v)!) {
      const u = parent.get(v)!;
      cap.get(u)!.set(v, cap.get(u)!.get(v)! - push);
      cap.get(v)!.set(u, cap.get(v)!.get(u)! + push);
    }
    flow += push;
  }
}

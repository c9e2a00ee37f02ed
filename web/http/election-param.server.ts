// Which election a request is about: `?election=<slug>` on pages and the feed, the current
// election where it names none. An unknown election is a 404 page or answer.
import { activeElections, currentElection, currentElectionOrNull } from "../elections/elections.server.ts";
import { orNotFound } from "./user-errors.server.ts";

/** The slug the request names, or null. */
export function electionSlugOf(request: Request): string | null {
  return new URL(request.url).searchParams.get("election") || null;
}

/** The query string that keeps the election the request names in links ("" for none). */
export function electionQuery(request: Request) {
  const slug = electionSlugOf(request);
  return slug ? `?election=${encodeURIComponent(slug)}` : "";
}

/** The election the request names (or the current one); 404 where there is none. */
export function requestElection(request: Request) {
  return orNotFound(currentElection(electionSlugOf(request)), "No such election / ไม่พบการเลือกตั้งนี้");
}

/** As requestElection, but null where the request names none and there is no election
 *  yet (recruiting and coverage come before the election is set up). */
export function requestElectionOrNull(request: Request) {
  return electionSlugOf(request) ? requestElection(request) : currentElectionOrNull();
}

/** The day's elections for a switch between them (slug and names, current first), and the
 *  query string that keeps the chosen one in links ("" for the current election). */
export async function electionChoice(request: Request) {
  const election = await requestElection(request);
  const active = await activeElections();
  const all = active.some((e) => e.id === election.id) ? active : [election, ...active];
  return {
    election,
    elections: all.map((e) => ({ slug: e.slug, nameTh: e.nameTh, nameEn: e.nameEn })),
    query: all[0]?.id === election.id ? "" : `?election=${encodeURIComponent(election.slug)}`,
  };
}

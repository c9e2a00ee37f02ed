// The quick count on the night (issue 39): the war room draws the committed sample once,
// before polls open; its commitment goes on chain through the anchoring machine (an
// AnchorBatch of kind quickcount_sample, sent by the worker like any batch); after the
// close the list is public and anyone can check it three ways (auditOfSample). The
// estimates (estimatesOf) come from the sample units that have reported, and a second,
// post-stratified one from every unit that has; both beside the raw running total.
// Nothing of it is public before the close or before the publication rule is met.
import { randomInt } from "node:crypto";
import { db, inTransaction } from "../db/db.server.ts";
import { cached, forgetStartingWith } from "../db/cache.server.ts";
import { UserError } from "../errors.ts";
import { anchorChain } from "../evidence/chain.server.ts";
import { insertBatch } from "../evidence/evidence.sql.server.ts";
import { publicChain } from "../evidence/evidence.server.ts";
import { readAnchor } from "../evidence/contract.ts";
import { electionContests } from "../elections/contests.server.ts";
import { CONTEST_WIDE } from "../elections/contest-kinds.ts";
import { prng } from "../geography/generator.ts";
import { projectSeatsExactly } from "../results/seats.ts";
import { logger } from "../observability/logger.server.ts";
import { drawSample, sampleCommitment, type DrawnSample } from "./sample.ts";
import { ratioEstimate, seatRanges, type Estimate, type UnitFigures } from "./estimate.ts";
import { insertSample, sampleFrame, unitFigures } from "./quickcount.sql.server.ts";

/** Polls open at 08:00 and close at 17:00 (ELECTION.md): nine hours before the close. */
const POLLS_HOURS = 9;
const SEAT_DRAWS = 1000;

type ElectionTimes = { id: string; closesAt: Date; opensAt?: Date | null };

/** When polls open: as set for the election, else nine hours before the close. */
export const pollsOpenAt = (e: { closesAt: Date; opensAt?: Date | null }) =>
  e.opensAt ?? new Date(e.closesAt.getTime() - POLLS_HOURS * 3_600_000);

/** A unit's stratum: its province (the first two digits of its code). */
export const stratumOf = (unitCode: string) => unitCode.slice(0, 2);

/** The frame: the election's units with their strata, as the draw and an auditor's redraw read it. */
export async function frameOf(electionId: string) {
  return (await sampleFrame(electionId)).map((u) => ({ code: u.code, stratum: stratumOf(u.code) }));
}

/** Draws the election's sample and puts its commitment in line for the chain, once and
 *  only before polls open. The seed is drawn here unless given (a public draw may use
 *  one announced in advance). */
export async function drawAndCommit(
  election: ElectionTimes,
  input: { size: number; seed?: number | undefined },
  userId: string,
  now = new Date(),
) {
  if (now >= pollsOpenAt(election)) throw new UserError(409, "quickcount.tooLate");
  if (await db().quickCountSample.findUnique({ where: { electionId: election.id } }))
    throw new UserError(409, "quickcount.alreadyDrawn");
  const frame = await frameOf(election.id);
  if (!frame.length) throw new UserError(409, "quickcount.noUnits");
  const seed = input.seed ?? randomInt(0, 2 ** 31 - 1);
  const sample = drawSample(frame, input.size, seed);
  const commitment = sampleCommitment(sample);
  let chain: { chainId: number; address: string };
  try {
    chain = await anchorChain();
  } catch (error) {
    logger.warn({ error: String(error) }, "quick-count sample: no chain to commit to");
    throw new UserError(503, "quickcount.noChain");
  }
  await inTransaction(async (client) => {
    const batchId = await insertBatch(client, {
      root: `0x${commitment}`,
      leaves: sample.units.length,
      chain,
      at: now,
      kind: "quickcount_sample",
    });
    await insertSample(client, {
      electionId: election.id,
      seed,
      size: input.size,
      strata: sample.strata,
      units: sample.units,
      commitment,
      anchorBatchId: batchId,
      drawnById: userId,
      at: now,
    });
  });
  forgetStartingWith(`quickcount:`);
  logger.info({ election: election.id, units: sample.units.length, commitment }, "quick-count sample drawn");
  return { seed, commitment, units: sample.units.length };
}

/** The publication rule, set by the war room. */
export async function setPublicationRule(electionId: string, rule: { sampleShare: number; strataShare: number }) {
  const { count } = await db().quickCountSample.updateMany({
    where: { electionId },
    data: { publishSampleShare: rule.sampleShare, publishStrataShare: rule.strataShare },
  });
  if (!count) throw new UserError(409, "quickcount.notDrawn");
  forgetStartingWith(`quickcount:`);
}

/** The sample and its commitment's anchoring (the list itself only where `reveal`). */
export async function sampleOf(electionId: string) {
  const sample = await db().quickCountSample.findUnique({ where: { electionId } });
  if (!sample) return null;
  const batch = sample.anchorBatchId
    ? await db().anchorBatch.findUnique({ where: { id: sample.anchorBatchId } })
    : null;
  return { sample, batch };
}

export type SampleView = Awaited<ReturnType<typeof sampleView>>;

/** What a page shows of the sample: the list only after the close (or to the war room). */
export async function sampleView(election: ElectionTimes, { reveal }: { reveal: boolean }) {
  const found = await sampleOf(election.id);
  if (!found) return null;
  const { sample, batch } = found;
  const opensAt = pollsOpenAt(election);
  return {
    seed: reveal ? sample.seed : null,
    size: sample.units.length,
    strataBy: sample.strataBy,
    strata: sample.strata as DrawnSample["strata"],
    units: reveal ? sample.units : null,
    commitment: sample.commitment,
    drawnAt: sample.drawnAt.toISOString(),
    publishSampleShare: sample.publishSampleShare,
    publishStrataShare: sample.publishStrataShare,
    pollsOpenAt: opensAt.toISOString(),
    anchor: batch
      ? {
          status: batch.status,
          chainId: batch.chainId,
          contract: batch.contract,
          transaction: batch.txHash,
          blockNumber: batch.blockNumber,
          blockTime: batch.blockTime?.toISOString() ?? null,
          beforePollsOpened: batch.blockTime ? batch.blockTime < opensAt : null,
        }
      : null,
  };
}

export interface SampleAudit {
  /** The revealed list and seed hash to the stored commitment. */
  listMatchesCommitment: boolean;
  /** The seed redraws the same list from the published frame (the units of the election). */
  seedRedrawsList: boolean;
  /** The commitment as the chain has it: when it was anchored, by the chain's own clock. */
  chain: {
    anchoredAt: string | null;
    blockNumber: number | null;
    beforePollsOpened: boolean | null;
    error: string | null;
  };
}

/** The public check of a revealed sample (after the close): nothing taken on trust from
 *  our database but the list itself, which the auditor can hash and redraw too. */
export async function auditOfSample(election: ElectionTimes): Promise<SampleAudit | null> {
  const found = await sampleOf(election.id);
  if (!found) return null;
  const { sample, batch } = found;
  const listMatchesCommitment = sampleCommitment({ seed: sample.seed, units: sample.units }) === sample.commitment;
  const redrawn = drawSample(await frameOf(election.id), sample.size, sample.seed);
  const seedRedrawsList = redrawn.units.join("\n") === sample.units.join("\n");
  const { rpcUrl } = publicChain();
  let chain: SampleAudit["chain"] = { anchoredAt: null, blockNumber: null, beforePollsOpened: null, error: null };
  if (rpcUrl && batch) {
    try {
      const anchor = await readAnchor(rpcUrl, batch.contract, `0x${sample.commitment}`);
      chain = anchor.timestamp
        ? {
            anchoredAt: new Date(anchor.timestamp * 1000).toISOString(),
            blockNumber: anchor.blockNumber,
            beforePollsOpened: anchor.timestamp * 1000 < pollsOpenAt(election).getTime(),
            error: null,
          }
        : { ...chain, error: "notAnchored" };
    } catch (error) {
      chain = { ...chain, error: String((error as Error).message ?? error).slice(0, 200) };
    }
  } else chain = { ...chain, error: batch ? "noChain" : "notAnchored" };
  return { listMatchesCommitment, seedRedrawsList, chain };
}

export interface ShareLine {
  key: string;
  number: number | null;
  nameTh: string;
  nameEn: string;
  sample: Estimate | null;
  postStratified: Estimate | null;
  /** Unweighted: the sums of every unit in. */
  raw: number | null;
  seats: { median: number; low: number; high: number } | null;
}

/** Which contest the quick count estimates: the party list, else a contest-wide seat or
 *  question (a governor, a referendum). */
async function estimatedContest(electionId: string) {
  const contests = await electionContests(electionId);
  return (
    contests.find((c) => c.kind === "party_list") ??
    contests.find((c) => c.kind === "area_wide") ??
    contests.find((c) => c.kind === "referendum") ??
    null
  );
}

async function choicesOf(electionId: string, kind: string, ballot: string) {
  if (kind === "party_list")
    return (await db().party.findMany({ where: { electionId }, orderBy: { number: "asc" } })).map((p) => ({
      number: p.number,
      nameTh: p.nameTh,
      nameEn: p.nameEn,
    }));
  return (
    await db().candidate.findMany({ where: { electionId, ballot, areaCode: CONTEST_WIDE }, orderBy: { number: "asc" } })
  ).map((c) => ({ number: c.number, nameTh: c.nameTh, nameEn: c.nameEn ?? c.nameTh }));
}

export type Estimates = NonNullable<Awaited<ReturnType<typeof computeEstimates>>>;

/** The estimates as they stand, kept five seconds (they read every unit's figures). */
export function estimatesOf(election: ElectionTimes) {
  return cached(`quickcount:estimates:${election.id}`, 5_000, () => computeEstimates(election));
}

async function computeEstimates(election: ElectionTimes) {
  const found = await sampleOf(election.id);
  const contest = await estimatedContest(election.id);
  if (!found || !contest) return null;
  const { sample } = found;
  const [figures, choices, frame] = await Promise.all([
    unitFigures(election.id, contest.key),
    choicesOf(election.id, contest.kind, contest.key),
    frameOf(election.id),
  ]);
  const sizes = new Map<string, number>();
  for (const u of frame) sizes.set(u.stratum, (sizes.get(u.stratum) ?? 0) + 1);
  const asFigures = (f: (typeof figures)[number]): UnitFigures => {
    const votes = (f.votes ?? {}) as Record<string, number>;
    const y: Record<string, number> = {
      voters: f.voters,
      invalid: f.invalid,
      voteNo: f.voteNo,
    };
    let valid = 0;
    for (const c of choices) {
      const v = Number(votes[String(c.number)] ?? 0);
      y[`c${c.number}`] = v;
      valid += v;
    }
    return { stratum: stratumOf(f.unitCode), y, x: { valid, eligible: f.eligible, used: f.ballotsUsed } };
  };
  const inSample = new Set(sample.units);
  const all = figures.map((f) => ({ code: f.unitCode, verified: f.verified, figures: asFigures(f) }));
  const sampled = all.filter((u) => inSample.has(u.code));
  const sampleUnits = sampled.map((u) => u.figures);
  const allUnits = all.map((u) => u.figures);
  const drawnStrata = (sample.strata as DrawnSample["strata"]).filter((s) => s.drawn > 0).length;
  const strataIn = new Set(sampleUnits.map((u) => u.stratum)).size;
  const coverage = {
    sampleIn: sampled.length,
    sampleVerified: sampled.filter((u) => u.verified).length,
    sampleSize: sample.units.length,
    strataIn,
    strata: drawnStrata,
    unitsIn: all.length,
    units: frame.length,
  };
  const ruleMet =
    sampled.length > 0 &&
    sampled.length >= sample.publishSampleShare * sample.units.length &&
    strataIn >= sample.publishStrataShare * drawnStrata;
  const raw = (name: string, over: string) => {
    let y = 0;
    let x = 0;
    for (const u of allUnits) {
      y += u.y[name] ?? 0;
      x += u.x[over] ?? 0;
    }
    return x > 0 ? y / x : null;
  };
  const line = (key: string, name: string, over: string) => ({
    key,
    sample: ratioEstimate(sampleUnits, sizes, name, over),
    postStratified: ratioEstimate(allUnits, sizes, name, over),
    raw: raw(name, over),
  });
  const seats =
    contest.kind === "party_list" && contest.seats && sampleUnits.length
      ? seatRanges(
          sampleUnits,
          sizes,
          choices.map((c) => `c${c.number}`),
          (votes) => {
            const projected = projectSeatsExactly(
              votes.map((v) => ({ number: Number(v.party.slice(1)), votes: Math.max(0, v.votes) })),
              contest.seats!,
            );
            return new Map([...projected.seats].map(([n, s]) => [`c${n}`, s]));
          },
          SEAT_DRAWS,
          prng(sample.seed),
        )
      : null;
  const shares: ShareLine[] = choices.map((c) => ({
    ...line(`c${c.number}`, `c${c.number}`, "valid"),
    number: c.number,
    nameTh: c.nameTh,
    nameEn: c.nameEn,
    seats: seats?.get(`c${c.number}`) ?? null,
  }));
  shares.sort((a, b) => (b.sample?.share ?? b.raw ?? 0) - (a.sample?.share ?? a.raw ?? 0) || a.number! - b.number!);
  return {
    contest: { key: contest.key, kind: contest.kind, nameTh: contest.nameTh, nameEn: contest.nameEn },
    at: new Date().toISOString(),
    coverage,
    rule: { sampleShare: sample.publishSampleShare, strataShare: sample.publishStrataShare, met: ruleMet },
    shares,
    turnout: line("turnout", "voters", "eligible"),
    invalid: line("invalid", "invalid", "used"),
    voteNo: line("voteNo", "voteNo", "used"),
  };
}

/** What the public may see now: nothing before the close (the blackout), then the
 *  estimates once the publication rule is met (with how much of the sample they rest on). */
export async function publicEstimates(election: ElectionTimes, now = new Date()) {
  if (now < election.closesAt) return { state: "blackout" as const, estimates: null, coverage: null };
  const estimates = await estimatesOf(election);
  if (!estimates) return { state: "none" as const, estimates: null, coverage: null };
  if (!estimates.rule.met) return { state: "waiting" as const, estimates: null, coverage: estimates.coverage };
  return { state: "published" as const, estimates, coverage: estimates.coverage };
}

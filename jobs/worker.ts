// The background worker: pulls jobs from PostgreSQL (pg-boss) and runs the same domain
// modules the web app uses. Run as many as needed; they share nothing but the database.
import "../scripts/lib/node-guard.ts";
import "./service-name.ts";
import { getConfig, ConfigError } from "../web/config/config.server.ts";
import { logger } from "../web/observability/logger.server.ts";
import { boss, stopBoss, QUEUES } from "../web/jobs/queue.server.ts";
import { closeDb } from "../web/db/db.server.ts";
import { runGeoImport } from "../web/geography/import-job.server.ts";
import { runRosterImport } from "../web/recruitment/roster-import-job.server.ts";
import { runQueuedAssignment } from "../web/assignment/auto-assign.server.ts";
import { escalateMissingReports } from "../web/tally/review.server.ts";
import { runAnchoring } from "../web/evidence/anchoring.server.ts";
import { recordMissingFees } from "../web/donations/ledger.server.ts";
import { paymentsConfigured } from "../web/donations/stripe.server.ts";
import { runCouponIssuing } from "../web/coupons/issuing.server.ts";
import { couponChainConfigured } from "../web/coupons/chain.server.ts";
import { chainConfigured } from "../web/evidence/chain.server.ts";
import { runPhotoHashing } from "../web/rumours/rumour-desk.server.ts";

try {
  getConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const queue = await boss();
await queue.work<{ importId: string }>(QUEUES.geoImport, { batchSize: 1 }, async ([job]) => {
  logger.info({ importId: job!.data.importId }, "geography import started");
  await runGeoImport(job!.data.importId);
  logger.info({ importId: job!.data.importId }, "geography import finished");
});
await queue.work<{ importId: string }>(QUEUES.rosterImport, { batchSize: 1 }, async ([job]) => {
  logger.info({ importId: job!.data.importId }, "roster import started");
  const summary = await runRosterImport(job!.data.importId);
  logger.info(
    { importId: job!.data.importId, ...(summary && { ...summary, errors: undefined }) },
    "roster import finished",
  );
});
await queue.work<{ electionId?: string; actorId: string | null }>(QUEUES.assignAll, { batchSize: 1 }, async ([job]) => {
  const result = await runQueuedAssignment(job!.data.electionId, job!.data.actorId);
  logger.info({ ...result }, "assignment run finished");
});
// Every minute: units with no report long after the close go to the war room.
await queue.schedule(QUEUES.escalateMissing, "* * * * *");
await queue.work(QUEUES.escalateMissing, async () => {
  const escalated = await escalateMissingReports();
  if (escalated) logger.warn({ escalated }, "units without a report escalated to the war room");
});
// Every minute: Stripe's fee for each newly paid donation, into the ledger.
await queue.schedule(QUEUES.donationFees, "* * * * *");
await queue.work(QUEUES.donationFees, async () => {
  if (!paymentsConfigured()) return;
  const recorded = await recordMissingFees(200);
  if (recorded) logger.info({ recorded }, "donation fees recorded");
});
// Count photos to the chain, every few seconds, from one worker at a time.
const stopAnchoring = chainConfigured() ? runAnchoring() : null;
if (!stopAnchoring)
  logger.warn("no chain configured (RPC_URL, DEPLOYER_PRIVATE_KEY, contract address): photos are not anchored");
// Coupons: grants from the rules, then mints, claims and burns on the chain, one worker at a time.
const stopCoupons = couponChainConfigured() ? runCouponIssuing() : null;
if (!stopCoupons)
  logger.warn("no coupons contract configured (COUPONS_CONTRACT_ADDRESS or contracts.json): coupons are not issued");
// Perceptual hashes of the photos as they arrive, for the rumour desk: every worker takes a share.
const stopHashing = runPhotoHashing();
logger.info({ queues: Object.values(QUEUES), anchoring: !!stopAnchoring, coupons: !!stopCoupons }, "worker ready");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping");
  await stopAnchoring?.();
  await stopCoupons?.();
  await stopHashing();
  await stopBoss();
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
// Under `npm start` (its own process group, out of Ctrl-C's reach): stop when it has gone.
process.on("disconnect", () => void shutdown("parent gone"));

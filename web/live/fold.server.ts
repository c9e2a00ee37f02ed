// The provisional totals follow the snapshots: every second each web process tries to
// fold what changed (live_fold; one process at a time, the others skip), so the totals
// are never more than about two seconds behind.
import { getConfig } from "../config/config.server.ts";
import { logger } from "../observability/logger.server.ts";
import { forgetStartingWith } from "../db/cache.server.ts";
import { foldSnapshots } from "./live.sql.server.ts";

const FOLD_LIMIT = 20_000;
const FOLD_EVERY_MS = 1_000;

/** Folds until nothing is left (or another process is folding): the number of unit
 *  ballots folded. */
export async function foldNow() {
  const { LIVE_DIVERGE_PERCENT, LIVE_FINAL_DIFFERS_PERCENT } = getConfig();
  let folded = 0;
  for (;;) {
    const n = await foldSnapshots(FOLD_LIMIT, LIVE_DIVERGE_PERCENT / 100, LIVE_FINAL_DIFFERS_PERCENT / 100);
    if (n < 0) return folded;
    folded += n;
    // This process's provisional reads show the fold at once (others within a second).
    if (n > 0) forgetStartingWith("live:");
    if (n < FOLD_LIMIT) return folded;
  }
}

/** Starts the fold loop; returns its stop. */
export function startFoldLoop(everyMs = FOLD_EVERY_MS) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    foldNow()
      .catch((error: unknown) => logger.warn({ err: error }, "live fold failed; trying again"))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

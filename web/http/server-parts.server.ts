// What web/server.ts runs beside Remix, handed to it through the Remix build
// (entry.server.tsx exports it): the process then holds one copy of each module — one
// Prisma client and connection pool, one set of caches, one metrics registry — where
// importing them into server.ts as well would load a second copy beside the build's.
import { logger } from "../observability/logger.server.ts";
import { metrics } from "../observability/metrics.server.ts";
import { closeDb } from "../db/db.server.ts";
import { trustProxySetting } from "./client.server.ts";
import { stopBoss } from "../jobs/queue.server.ts";
import { screenRequest, screenPageBody, sendRefusal } from "./request-screen.server.ts";
import { remixHandler } from "./remix-handler.server.ts";
import { securityHeaders, cspNonce } from "./security-headers.server.ts";
import { postEntry, ENTRY_PATH } from "./entries-endpoint.server.ts";
import { postStripeWebhook, WEBHOOK_PATH } from "./stripe-webhook-endpoint.server.ts";
import { postSnapshot, SNAPSHOT_PATH } from "./live-endpoint.server.ts";
import { startFoldLoop } from "../live/fold.server.ts";
import { endEventStreams } from "./feed.server.ts";

export const serverParts = {
  logger,
  metrics,
  closeDb,
  trustProxySetting,
  stopBoss,
  screenRequest,
  screenPageBody,
  sendRefusal,
  remixHandler,
  securityHeaders,
  cspNonce,
  startFoldLoop,
  endEventStreams,
  /** The POST endpoints served ahead of Express and Remix, by path. */
  direct: {
    [ENTRY_PATH]: postEntry,
    [SNAPSHOT_PATH]: postSnapshot,
    [WEBHOOK_PATH]: postStripeWebhook,
  } as Record<string, typeof postEntry>,
  /** Paths whose requests prove their origin by a signature (request-screen). */
  signedPaths: [WEBHOOK_PATH],
};
export type ServerParts = typeof serverParts;

// The web process: Express serving the built Remix app. Stateless — run as many
// replicas as needed behind a load balancer; sessions and jobs live in PostgreSQL.
import "../scripts/lib/node-guard.ts";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import express from "express";
import compression from "compression";
import type { ServerBuild } from "@remix-run/node";
import { getConfig, ConfigError, requireDatabaseUrl } from "./config/config.server.ts";
import type { ServerParts } from "./http/server-parts.server.ts";

process.env.SERVICE_NAME ??= "web";

let config;
try {
  config = getConfig();
  requireDatabaseUrl(config);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const root = path.resolve(import.meta.dirname, "..");
const build = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
// Everything else comes from the build (http/server-parts.server.ts): one copy of each module.
const parts = (build.entry.module as unknown as { serverParts: ServerParts }).serverParts;
const { logger, metrics } = parts;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", parts.trustProxySetting(config.TRUST_PROXY));
app.use(compression());
app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.use(
  express.static(path.join(root, "build/client"), {
    maxAge: "1h",
    // The service worker and the manifest are asked again each time: an update reaches
    // the phones at their next visit, not an hour later.
    setHeaders: (res, file) => {
      if (/(?:sw\.js|\.webmanifest)$/.test(file)) res.setHeader("Cache-Control", "no-cache");
    },
  }),
);
app.use((req, res, next) => {
  const end = metrics().httpDuration.startTimer({ method: req.method });
  res.on("finish", () => {
    end();
    metrics().httpRequests.inc({ method: req.method, status: String(res.statusCode) });
    // An unknown path, or a POST where none is taken, is worth one short line (a scan, a
    // stale link), never a stack (see handleError in entry.server.tsx).
    if (res.statusCode === 404 || res.statusCode === 405)
      logger.info(
        { method: req.method, path: req.path, status: res.statusCode },
        res.statusCode === 404 ? "not found" : "method not allowed",
      );
  });
  next();
});
app.use(
  parts.securityHeaders({
    publicBaseUrl: config.PUBLIC_BASE_URL ?? null,
    rpcUrl: config.PUBLIC_RPC_URL ?? config.RPC_URL ?? null,
  }),
);
// app.use, not app.all("*"): Express would decode the path as a route parameter and
// answer a malformed percent-encoding with a logged stack; Remix answers it as a 404.
app.use(
  parts.remixHandler({
    build,
    // Stack traces and queries stay in the log: only `remix vite:dev` shows them.
    mode: config.NODE_ENV === "development" ? "development" : "production",
    formMaxBytes: config.FORM_MAX_BYTES,
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? null, cspNonce: parts.cspNonce(res) }),
  }),
);

// Election night's busiest requests go straight to their domain modules, ahead of Express
// (no page to render, no middleware to pass): parts.direct, by path. The fold keeps the
// provisional totals behind the realtime count's snapshots by about two seconds at most.
const stopFold = parts.startFoldLoop();
const limits = {
  formMaxBytes: config.FORM_MAX_BYTES,
  uploadMaxBytes: config.UPLOAD_MAX_BYTES,
  publicOrigin: config.PUBLIC_BASE_URL ? new URL(config.PUBLIC_BASE_URL).origin : null,
};
let stopping = false;
const server = http.createServer((req, res) => {
  // Stopping (a rolling restart): each answer closes its connection, so that the proxy's
  // kept-alive connections end after an answer and never under a request sent on them.
  if (stopping) res.setHeader("connection", "close");
  // Every request is screened first (request-screen.server.ts); the webhook proves its
  // origin by its signature.
  const handler = req.method === "POST" ? parts.direct[req.url ?? ""] : undefined;
  const refusal =
    parts.screenRequest(req, limits, parts.signedPaths) ?? (handler ? null : parts.screenPageBody(req, limits));
  if (refusal) {
    metrics().httpRequests.inc({ method: req.method ?? "GET", status: String(refusal.status) });
    return parts.sendRefusal(req, res, refusal);
  }
  if (!handler) return void app(req, res);
  const end = metrics().httpDuration.startTimer({ method: "POST" });
  res.on("finish", () => {
    end();
    metrics().httpRequests.inc({ method: "POST", status: String(res.statusCode) });
  });
  handler(req, res).catch((error) => {
    logger.error({ err: error, url: req.url }, "request failed");
    if (!res.headersSent) res.writeHead(500).end();
  });
});
// A request's headers, and the whole request, must arrive in time (a slow sender holds a
// socket and memory): REQUEST_TIMEOUT_SECONDS allows an 80 MB import over a slow line.
server.headersTimeout = config.HEADERS_TIMEOUT_SECONDS * 1000;
server.requestTimeout = config.REQUEST_TIMEOUT_SECONDS * 1000;
// An idle kept-alive connection stays open longer than a load balancer's (60 s is usual):
// the side that closes first must be the client, or a request sent as the server closes
// meets a reset.
server.keepAliveTimeout = 65_000;
// A request Node could not parse: answered 400 as Node does, and the reason logged.
server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
  logger.warn({ code: error.code, start: error.rawPacket?.subarray(0, 80).toString("latin1") }, "unparsable request");
  if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  else socket.destroy();
});
server.listen(config.PORT, config.HOST, () => {
  logger.info({ port: config.PORT }, `web app listening on http://localhost:${config.PORT}`);
});

// SIGTERM (a rolling restart, systemd): the other web processes take over, and none of the
// proxy's requests may be lost. A kept-alive connection closed by this side while idle can
// meet a request the proxy has just sent on it, and nginx never sends a POST again (a 502).
// So no idle connection is closed here: each answer closes its connection, and the proxy
// closes those it does not use within its own idle time (deploy/nginx/nginx.conf,
// `keepalive_timeout 4s`), shorter than this drain.
const WEB_DRAIN_MS = 5_000;
/** After the drain, what is still being answered gets this long before it is cut. */
const WEB_LAST_ANSWERS_MS = 2_000;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "web stopping");
  stopFold();
  // Event streams end cleanly: their clients reconnect elsewhere with their Last-Event-ID.
  parts.endEventStreams();
  // No new connection is taken (the proxy sends those elsewhere); net.Server's close, as
  // http.Server's would also close the idle connections at once.
  const allClosed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  const within = (ms: number) => Promise.race([allClosed, new Promise((r) => setTimeout(r, ms).unref())]);
  // SIGINT (npm start stopping everything) has no one to hand over to: no drain.
  if (signal === "SIGTERM") await within(WEB_DRAIN_MS);
  // Requests under way are answered (and logged) before the database goes.
  server.closeIdleConnections();
  await within(WEB_LAST_ANSWERS_MS);
  server.closeAllConnections();
  await parts.stopBoss();
  await parts.closeDb();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
// Under `npm start` (its own process group, out of Ctrl-C's reach): stop when it has gone.
process.on("disconnect", () => void shutdown("parent gone"));

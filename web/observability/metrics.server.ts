// Prometheus metrics, per process: Prometheus scrapes every replica and adds them up.
import { Registry, collectDefaultMetrics, Counter, Gauge, Histogram } from "prom-client";
import { supervisedServices } from "./supervisor.server.ts";

const state = globalThis as unknown as { __metrics?: ReturnType<typeof create> };

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests",
      labelNames: ["method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method"],
      registers: [registry],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    pageCache: new Counter({
      name: "page_cache_total",
      help: "Public pages served from the page cache (hit) or rendered (render)",
      labelNames: ["result"],
      registers: [registry],
    }),
    otpRequests: new Counter({
      name: "otp_requests_total",
      help: "One-time code requests",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    serviceRestarts: new Gauge({
      name: "service_restarts",
      help: "Times npm start's supervisor started a crashed service again",
      labelNames: ["service"],
      registers: [registry],
      async collect() {
        for (const [service, s] of Object.entries((await supervisedServices()) ?? {}))
          this.set({ service }, s.restarts);
      },
    }),
    geoImportRows: new Counter({
      name: "geo_import_rows_total",
      help: "Geography CSV rows read",
      registers: [registry],
    }),
  };
}

export function metrics() {
  state.__metrics ??= create();
  return state.__metrics;
}

import pino from "pino";
import { getConfig } from "../config/config.server.ts";

/** Structured JSON logs (one line per event); pipe through pino-pretty locally if wanted. */
export const logger = pino({
  level: getConfig().LOG_LEVEL,
  base: { pid: process.pid, service: process.env.SERVICE_NAME ?? "web" },
});

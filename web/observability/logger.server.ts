import pino from "pino";
import { ConfigError, getConfig } from "../config/config.server.ts";

/** The configured level; "info" while the configuration is invalid, so that the entry
 *  point says what is wrong in one line (its own getConfig) instead of this import
 *  throwing the ConfigError with a stack. */
function configuredLevel() {
  try {
    return getConfig().LOG_LEVEL;
  } catch (error) {
    if (error instanceof ConfigError) return "info";
    throw error;
  }
}

/** Structured JSON logs (one line per event); pipe through pino-pretty locally if wanted. */
export const logger = pino({
  level: configuredLevel(),
  base: { pid: process.pid, service: process.env.SERVICE_NAME ?? "web" },
});

// Configuration from the environment, validated once at boot. A bad or missing value
// stops start-up with one line naming the variable (ConfigError.message).
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => p + "//").join(" or ")}`,
  );
const hexKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x followed by 64 hex digits");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an 0x address (40 hex digits)");
const secret = z.string().min(32, "must be at least 32 characters");
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  // This machine only unless told otherwise (HOST=0.0.0.0 behind a load balancer).
  HOST: z.string().default("127.0.0.1"),
  // The proxy hops whose X-Forwarded-For is believed (a number, or addresses/subnets); none by default.
  TRUST_PROXY: z.string().optional(),
  // /metrics: for this machine, or with this bearer token.
  METRICS_TOKEN: z.string().min(16).optional(),
  PUBLIC_BASE_URL: url(["http:", "https:"]).optional(),
  // Request limits (issue 17): a form without files, an upload (photo, CSV import), and how
  // long a request's headers and whole request may take to arrive.
  FORM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(80 * 1024 * 1024),
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().min(1).default(".data"),
  // Uploaded files go to an S3-compatible store when S3_BUCKET is set (else under DATA_DIR).
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)",
    )
    .optional(),
  S3_ENDPOINT: url(["http:", "https:"]).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.optional(),

  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  EMBEDDED_PG_PORT: port.default(54329),

  RPC_URL: url(["http:", "https:", "ws:", "wss:"]).optional(),
  CHAIN_PORT: port.default(8545),
  DEPLOYER_PRIVATE_KEY: hexKey.optional(),
  ANCHOR_CONTRACT_ADDRESS: address.optional(),
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).max(100).default(1),
  // The audit page reads anchors from the chain through this (a public node the auditor's
  // browser can reach); by default the chain the platform writes to.
  PUBLIC_RPC_URL: url(["http:", "https:"]).optional(),
  ANCHOR_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  ANCHOR_BATCH_PHOTOS: z.coerce.number().int().min(1).max(200_000).default(5000),
  ANCHOR_STUCK_SECONDS: z.coerce.number().int().min(5).max(3600).default(90),
  // Coupons: the worker's account (issuer, redeemer, custody of unclaimed coupons).
  COUPON_OPERATOR_PRIVATE_KEY: hexKey.optional(),
  COUPONS_CONTRACT_ADDRESS: address.optional(),
  COUPON_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  COUPON_MINT_BATCH: z.coerce.number().int().min(1).max(100_000).default(20_000),
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),

  SESSION_SECRET: secret.optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  SECURE_COOKIES: bool.optional(),

  SMS_PROVIDER: z.enum(["outbox", "http"]).default("outbox"),
  SMS_HTTP_URL: url(["http:", "https:"]).optional(),
  SMS_HTTP_TOKEN: z.string().optional(),
  OTP_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  OTP_MAX_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).max(100).default(5),
  OTP_MAX_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(30),
  // Every phone together: the SMS bill's ceiling, and a flood's (election morning's peak
  // is ≈ 95,000 volunteers over some hours).
  OTP_MAX_PER_HOUR: z.coerce.number().int().min(1).max(10_000_000).default(40_000),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),

  // E-mail (receipts): "outbox" keeps them in the development outbox; "smtp" sends through SMTP_URL.
  EMAIL_PROVIDER: z.enum(["outbox", "smtp"]).default("outbox"),
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  EMAIL_FROM: z.string().min(3).default("Election Watch <no-reply@localhost>"),

  // The organisation that issues donation receipts (a Thai receipt for a tax deduction
  // names it, its address and its 13-digit tax ID, and is signed by someone authorised).
  RECEIPT_ORG_NAME: z.string().min(1).max(200).optional(),
  RECEIPT_ORG_ADDRESS: z.string().min(1).max(400).optional(),
  RECEIPT_ORG_TAX_ID: z
    .string()
    .regex(/^\d{13}$/, "a 13-digit tax ID")
    .optional(),
  RECEIPT_SIGNATORY: z.string().min(1).max(200).optional(),
  // Donations through Stripe. STRIPE_API_BASE points the SDK elsewhere (npm start's demo
  // stand-in, tests); PAYMENTS_DEMO marks the demo checkout page and banner.
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live|demo)_[A-Za-z0-9]+$/, "must be a Stripe secret key (sk_live_…, sk_test_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9]+$/, "must be a webhook signing secret (whsec_…)")
    .optional(),
  STRIPE_API_BASE: url(["http:", "https:"]).optional(),
  PAYMENTS_DEMO: bool.default(false),
  DONATION_MIN_BAHT: z.coerce.number().int().min(10).default(20),
  DONATION_MAX_BAHT: z.coerce.number().int().min(100).max(1_000_000).default(150_000),

  NATIONAL_ID_KEY: secret.optional(),
  VOLUNTEER_MIN_AGE: z.coerce.number().int().min(10).max(30).default(15),
  ROSTER_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),

  TALLY_PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(15 * 1024 * 1024),
  MISSING_REPORT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  // The command centre (issue 37): a unit with no snapshot and no report this long after
  // the close is late (the war room calls it); an operator's claim on an item of the work
  // queue lapses when untouched this long.
  LATE_UNIT_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  CLAIM_IDLE_MINUTES: z.coerce.number().int().min(1).max(120).default(5),
  // How long after its close an election is still being counted (its counting window):
  // while it is, it takes counts, its silent units are chased, and pages default to it.
  COUNTING_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  // Realtime count (ADR 0027): how often a counting phone sends when the server is at ease
  // (it answers a longer interval under load, up to the most), the fastest a ballot can be
  // read out and shown (faster taps are flagged), and how far two devices at one unit, or a
  // unit's last snapshot and its Final Score, may differ (percent of its ballots) unflagged.
  LIVE_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  LIVE_MAX_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  // What one web process carries (snapshots a second, measured by `npm run bench -- live`
  // on a 2-core machine): beyond it the interval grows so the phones' load falls back.
  // The web process's heap ceiling in MB (Node's --max-old-space-size; 0: V8's default,
  // which lets the heap grow with the host's memory): its working set is far smaller.
  WEB_HEAP_MB: z.coerce.number().int().min(0).default(192),
  // npm start's processes (issue 41): web processes on PORT, PORT+1, … (a load balancer
  // in front: deploy/nginx), and workers; all share the one PostgreSQL.
  WEB_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
  WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  LIVE_CAPACITY_PER_SECOND: z.coerce.number().int().min(1).default(2_500),
  // 0: no snapshot is flagged too fast (the end-to-end tests tap faster than any board).
  LIVE_MIN_SECONDS_PER_BALLOT: z.coerce.number().min(0).default(1),
  LIVE_DIVERGE_PERCENT: z.coerce.number().min(0).max(100).default(5),
  LIVE_FINAL_DIFFERS_PERCENT: z.coerce.number().min(0).max(100).default(5),
  TURNOUT_FLAG_PERCENT: z.coerce.number().min(50).max(100).default(95),
  // The outlier test against the unit's constituency (ADR 0022): with at least this many
  // verified units there, a turnout or a number's share this many points away is flagged.
  OUTLIER_MIN_UNITS: z.coerce.number().int().min(1).default(10),
  OUTLIER_TURNOUT_POINTS: z.coerce.number().min(1).max(100).default(25),
  OUTLIER_SHARE_POINTS: z.coerce.number().min(1).max(100).default(40),
  OUTLIER_MIN_VALID: z.coerce.number().int().min(1).default(100),
  // The party-list seat projection is published only once verified units reach this share
  // of all units, from at least this share of the provinces (60 of 77 by default).
  SEAT_PROJECTION_MIN_UNITS_PERCENT: z.coerce.number().min(0).max(100).default(20),
  SEAT_PROJECTION_MIN_PROVINCES_PERCENT: z.coerce.number().min(0).max(100).default(78),
  GEO_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, detail: string, value: unknown) {
    const shown = value === undefined ? "not set" : `got ${JSON.stringify(String(value).slice(0, 60))}`;
    super(`Configuration error: ${variable} ${detail} (${shown})`);
    this.variable = variable;
  }
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, issue.message, cleaned[variable]);
  }
  const config = result.data;
  if (config.SMS_PROVIDER === "http" && !config.SMS_HTTP_URL) {
    throw new ConfigError("SMS_HTTP_URL", "is required when SMS_PROVIDER=http", undefined);
  }
  if (config.NODE_ENV === "production" && !config.SESSION_SECRET) {
    throw new ConfigError("SESSION_SECRET", "is required in production", undefined);
  }
  if (config.NODE_ENV === "production" && !config.NATIONAL_ID_KEY) {
    throw new ConfigError("NATIONAL_ID_KEY", "is required in production", undefined);
  }
  if (config.RPC_URL && !config.ANCHOR_CONTRACT_ADDRESS && !config.DEPLOYER_PRIVATE_KEY) {
    throw new ConfigError(
      "DEPLOYER_PRIVATE_KEY",
      "or ANCHOR_CONTRACT_ADDRESS is required when RPC_URL is set",
      undefined,
    );
  }
  if (config.S3_BUCKET && !!config.S3_ACCESS_KEY_ID !== !!config.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError(
      config.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID",
      "is required with the other S3 key (or neither, for the machine's credentials)",
      undefined,
    );
  }
  if (config.EMAIL_PROVIDER === "smtp" && !config.SMTP_URL) {
    throw new ConfigError("SMTP_URL", "is required when EMAIL_PROVIDER=smtp", undefined);
  }
  if (config.STRIPE_SECRET_KEY && !config.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError(
      "STRIPE_WEBHOOK_SECRET",
      "is required with STRIPE_SECRET_KEY (the webhook endpoint's signing secret)",
      undefined,
    );
  }
  if (config.DONATION_MIN_BAHT >= config.DONATION_MAX_BAHT) {
    throw new ConfigError("DONATION_MAX_BAHT", "must be above DONATION_MIN_BAHT", config.DONATION_MAX_BAHT);
  }
  return config;
}

let cached: Config | undefined;
/** The process's configuration (parsed once). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Reads the configuration again: `npm start` knows the database's URL only once the
 *  embedded database is up, after its own first read (the demo's counts need it). */
export function reloadConfig(): Config {
  cached = undefined;
  return getConfig();
}

/** Runtime processes (web, worker) need a database URL; `npm start` provides one. */
export function requireDatabaseUrl(config: Config = getConfig()): string {
  if (!config.DATABASE_URL)
    throw new ConfigError("DATABASE_URL", "is required (npm start sets it for the embedded database)", undefined);
  return config.DATABASE_URL;
}

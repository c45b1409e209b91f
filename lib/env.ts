// The one place that reads process.env (docs/design.md#configuration). Each process (web, worker,
// simulators, scripts) calls env() and gets the validated settings it needs; a missing or
// malformed variable fails at start-up with a message that names it, never later mid-request.
import { z } from "zod";

const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().startsWith("postgres", "must be a postgresql:// URL"),
  REDIS_URL: z.string().startsWith("redis", "must be a redis:// URL").default("redis://127.0.0.1:6379"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  APP_URL: z.url().default("http://127.0.0.1:3000"),
  // 32 bytes, base64 or hex: the AES-256-GCM key for sealed order secrets.
  SECRETS_KEY: z.string().optional(),
  GROMMUNIO_API_URL: optionalUrl,
  GROMMUNIO_USER: optionalString,
  GROMMUNIO_PASSWORD: optionalString,
  QBOXMAIL_API_URL: optionalUrl,
  QBOXMAIL_API_TOKEN: optionalString,
  // Upstream client and worker tuning.
  UPSTREAM_TIMEOUT_MS: int(15_000, 100),
  GROMMUNIO_CONCURRENCY: int(4, 1),
  QBOXMAIL_CONCURRENCY: int(50, 1),
  GROMMUNIO_RATE_PER_SECOND: int(20, 1),
  QBOXMAIL_RATE_PER_SECOND: int(100, 1),
  MAX_ATTEMPTS: int(8, 1),
  RETRY_BASE_MS: int(2_000, 1),
  RETRY_MAX_MS: int(300_000, 1),
  RELAY_INTERVAL_MS: int(2_000, 50),
  // Worker liveness: a worker silent for 4 heartbeats is presumed dead and its attempt released.
  WORKER_HEARTBEAT_MS: int(2_000, 50),
  // How long a stopping worker lets in-flight upstream calls finish before releasing them.
  WORKER_SHUTDOWN_GRACE_MS: int(10_000, 0),
  STUCK_AFTER_MINUTES: int(15, 1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated settings; throws once, naming every bad variable, without echoing values. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change settings between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

// The one place that reads process.env (docs/design.md#configuration). Each process (web, worker,
// simulators, scripts) calls env() and gets the validated settings it needs; a missing or
// malformed variable fails at start-up with a message that names it, never later mid-request.
import { z } from "zod";
import { decodeSecretsKey } from "@/lib/crypto/key-bytes";

const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const flag = z
  .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
  .default("false")
  .transform((v) => v === "true" || v === "1");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().startsWith("postgres", "must be a postgresql:// URL"),
  // Each web or worker process's Postgres pool (lib/db.ts): at most MAX connections; once opened,
  // MIN of them (unset: all of them) stay open while the process idles, so the first requests
  // after a quiet spell do not wait for new connections (docs/operations.md "Postgres connections").
  DATABASE_POOL_MAX: int(20, 1),
  DATABASE_POOL_MIN: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(0).optional()),
  REDIS_URL: z.string().startsWith("redis", "must be a redis:// URL").default("redis://127.0.0.1:6379"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  APP_URL: z.url().default("http://127.0.0.1:3000"),
  // Read by next-auth 4 itself for its redirects (sign-out's included); unset, the web server sets
  // it from APP_URL at start-up (defaultNextAuthUrl below, instrumentation.ts). Checked against
  // APP_URL in `checked`.
  NEXTAUTH_URL: optionalUrl,
  // Reverse proxies in front of the portal that append the client to X-Forwarded-For; 0 = none:
  // the header is ignored and the TCP peer is the client (lib/auth/client-ip.ts).
  TRUSTED_PROXY_HOPS: int(0, 0),
  // 32 bytes, base64 or hex: the AES-256-GCM key for sealed order secrets. Checked here, so a
  // mistyped value stops the process at start-up with the variable's name, rather than every
  // order with a password, every authenticator code and every recovery code failing later.
  SECRETS_KEY: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .refine((v) => decodeSecretsKey(v).length === 32, "must decode to exactly 32 bytes (base64 or hex)")
      .optional(),
  ),
  // The key before SECRETS_KEY during a rotation: still opens what it sealed (docs/operations.md).
  // Checked here, so a mistyped value stops the process at start-up rather than every open().
  SECRETS_KEY_PREVIOUS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .refine(
        (v) => decodeSecretsKey(v).length === 32,
        "must decode to exactly 32 bytes (base64 or hex), like SECRETS_KEY",
      )
      .optional(),
  ),
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
  // An accepted Qboxmail domain deletion still listed after this long holds its order for a person.
  QUEUED_DELETION_MAX_MS: int(24 * 3_600_000, 1),
  RELAY_INTERVAL_MS: int(2_000, 50),
  // Worker liveness: a worker silent for 4 heartbeats is presumed dead and its attempt released.
  WORKER_HEARTBEAT_MS: int(2_000, 50),
  // How long a stopping worker lets in-flight upstream calls finish before releasing them.
  WORKER_SHUTDOWN_GRACE_MS: int(10_000, 0),
  STUCK_AFTER_MINUTES: int(15, 1),
  // How often an open service page reads its provider again (app/r/[slug]/services/[id]/auto-refresh.tsx).
  SERVICE_PAGE_REFRESH_SECONDS: int(30, 1),
  // A signed-in session ends this many hours after its sign-in, however busy (lib/auth/sessions.ts).
  SESSION_MAX_HOURS: int(24, 1),
  // Reseller API (docs/api.md): requests per token (or per address without a token) and minute.
  API_RATE_LIMIT_PER_MINUTE: int(120, 1),
  // Webhooks (docs/webhooks.md). Private, loopback and link-local targets are refused unless an
  // administrator sets this (a portal and its receivers on one private network; tests).
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag,
  WEBHOOK_POLL_MS: int(1_000, 50),
  WEBHOOK_TIMEOUT_MS: int(10_000, 100),
  WEBHOOK_CONCURRENCY: int(10, 1),
  WEBHOOK_RETRY_BASE_MS: int(5_000, 1),
  WEBHOOK_RETRY_MAX_MS: int(10 * 3_600_000, 1),
  // Retries go on for this long after the event (at least a day, so a receiver down overnight
  // still gets everything), then the delivery is marked failed.
  WEBHOOK_RETRY_FOR_MS: int(26 * 3_600_000, 1),
  // An endpoint whose deliveries have failed without a single success for this long is disabled.
  WEBHOOK_DISABLE_AFTER_MS: int(5 * 24 * 3_600_000, 1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Operations (docs/observability.md). The web's /api/metrics answers only with this bearer
  // token (404 while unset); the worker's health port also asks for it on /metrics when set.
  METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  // The worker's small HTTP port for /health/live, /health/ready and /metrics; unset = none.
  WORKER_HEALTH_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  WORKER_HEALTH_HOST: z.string().default("127.0.0.1"),
  // Traces are exported (OTLP over HTTP, JSON) only when this is set, e.g. http://collector:4318.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: optionalString,
});

// Secrets this repository once published (an old docker-compose.yml fallback): never acceptable.
const PUBLISHED_SECRETS = new Set([
  "change-me-demo-auth-secret-0123456789abcdef",
  "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
]);

// The simulators' credentials (simulators/main.ts), which docker-compose.yml falls back to: fine
// against the simulators, a published password anywhere else.
const SIMULATOR_CREDENTIALS = [
  { secret: "GROMMUNIO_PASSWORD", value: "sim-grommunio-secret", url: "GROMMUNIO_API_URL" },
  { secret: "QBOXMAIL_API_TOKEN", value: "sim-qboxmail-token", url: "QBOXMAIL_API_URL" },
] as const;
const SIMULATOR_HOSTS = new Set(["simulators", "localhost", "127.0.0.1", "[::1]"]);

/**
 * Production refuses to run on a missing or demo secret (docs/security.md "Secrets"): the demo
 * and the tests generate or set their own, so only a deployment can get here without one.
 */
const checked = schema.superRefine((e, ctx) => {
  if (e.DATABASE_POOL_MIN !== undefined && e.DATABASE_POOL_MIN > e.DATABASE_POOL_MAX)
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_POOL_MIN"],
      message: `must not be more than DATABASE_POOL_MAX (${e.DATABASE_POOL_MAX}): lower it or raise the maximum`,
    });
  // next-auth sends people to NEXTAUTH_URL (sign-out, errors): another address than the one they
  // opened takes them to another host. Its path may only be next-auth's own, /api/auth.
  if (e.NEXTAUTH_URL && URL.canParse(e.NEXTAUTH_URL) && URL.canParse(e.APP_URL)) {
    const auth = new URL(e.NEXTAUTH_URL);
    if (auth.origin !== new URL(e.APP_URL).origin || !/^\/(api\/auth\/?)?$/.test(auth.pathname))
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_URL"],
        message: `must be the address in APP_URL (${new URL(e.APP_URL).origin}): set it to APP_URL's value, or leave it unset and the web server sets it from APP_URL`,
      });
  }
  if (e.NODE_ENV !== "production") return;
  for (const name of ["AUTH_SECRET", "SECRETS_KEY"] as const) {
    const value = e[name];
    if (!value)
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "is required in production: generate one with `openssl rand -base64 32`",
      });
    else if (PUBLISHED_SECRETS.has(value) || /change-?me/i.test(value))
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "is a published or placeholder demo value: generate a new one with `openssl rand -base64 32`",
      });
  }
  for (const c of SIMULATOR_CREDENTIALS) {
    const url = e[c.url];
    // A URL that does not parse is named by its own check above; this one needs a host to compare.
    if (e[c.secret] === c.value && url && URL.canParse(url) && !SIMULATOR_HOSTS.has(new URL(url).hostname))
      ctx.addIssue({
        code: "custom",
        path: [c.secret],
        message: `is the simulators' published value, but ${c.url} names another host: set the real one in .env`,
      });
  }
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Validated settings; throws once, naming every bad variable, without echoing values. */
export function env(): Env {
  if (cached) return cached;
  const parsed = checked.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * next-auth 4 reads NEXTAUTH_URL from process.env itself, at each request, and without it falls
 * back to http://localhost:3000, where sign-out would then send people. The web server calls this
 * once at start-up (instrumentation.ts), before it answers anything, so NEXTAUTH_URL is APP_URL
 * however the server was started (npm start, the image, the demo, next dev). A NEXTAUTH_URL that
 * is set must name the same address; env() refuses another.
 */
export function defaultNextAuthUrl(): void {
  const { APP_URL, NEXTAUTH_URL } = env();
  if (!NEXTAUTH_URL) process.env.NEXTAUTH_URL = APP_URL;
}

/** For tests that change settings between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

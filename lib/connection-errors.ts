// What a health probe says about a failed connection to Postgres or Redis, in fixed words. The
// drivers' own messages name hosts, ports and database users ("connect ECONNREFUSED 10.0.0.5:5432",
// 'password authentication failed for user "portal"'), and the readiness answer is public
// (docs/observability.md "Health checks"). The full message goes to the process's log instead.

// Node's socket and DNS codes, and Postgres's SQLSTATEs a connection attempt can end with.
const BY_CODE: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  EPIPE: "connection closed",
  "28P01": "password refused",
  "28000": "login refused",
  "3D000": "database does not exist",
  "53300": "too many connections",
  "57P01": "server shutting down",
  "57P03": "server starting up or shutting down",
};

/** Texts without a code that name no host: the probes' own timeouts, and the drivers' fixed ones. */
const FIXED_MESSAGES: [RegExp, string][] = [
  [/^(timed out|no answer within \d+ ms)$/, ""],
  [/^Stream isn't writeable/, "not connected"],
  [/^Connection is closed\.?$/, "connection closed"],
  [/^Reached the max retries per request limit/, "not connected after retrying"],
  [/^Connection terminated/, "connection terminated"],
  [/^timeout exceeded when trying to connect$/, "connection timed out"],
];

/** Fixed words for a connection error: known codes in words, others by code, never the message. */
export function connectionErrorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (code && BY_CODE[code]) return BY_CODE[code];
  if (code && /^[A-Z0-9_]{2,24}$/.test(code)) return `failed (${code})`;
  const message = typeof e?.message === "string" ? e.message : "";
  for (const [pattern, words] of FIXED_MESSAGES) if (pattern.test(message)) return words || message;
  return "failed (the process's log has the driver's message)";
}

// Makes every web process forget the API principals it remembers (principal-cache.ts) as soon as
// any process, script or operator changes what a principal is made of: a token revoked, a user
// disabled. Database triggers send a notification on `api_principals` when such a change commits
// (migration 20261206000000_api_principals_notify); this module keeps one connection per process
// listening for it. While that connection is down (Postgres restarting, a network cut) a change
// can go unheard, so the remembered principals are forgotten when it breaks and again when it is
// back, and meanwhile an entry still lives at most PRINCIPAL_TTL_MS (docs/security.md "API
// tokens and webhooks").
import pg from "pg";
import { env } from "@/lib/env";
import { forgetApiPrincipals } from "./principal-cache";

const CHANNEL = "api_principals";
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

type Listener = { client: pg.Client | null; listening: boolean; retryMs: number };

declare global {
  // On globalThis so that every copy of this module in the process (one per route bundle) shares one connection.
  var apiPrincipalListener: Listener | undefined;
}

/** Starts listening, once per process; later calls do nothing. Never throws: failures are retried. */
export function listenForPrincipalChanges(): void {
  if (globalThis.apiPrincipalListener) return;
  const state: Listener = { client: null, listening: false, retryMs: FIRST_RETRY_MS };
  globalThis.apiPrincipalListener = state;
  void connect(state);
}

/** Whether this process hears the changes now (tests wait for it). */
export function listeningForPrincipalChanges(): boolean {
  return globalThis.apiPrincipalListener?.listening ?? false;
}

async function connect(state: Listener): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 5_000 });
  state.client = client;
  // Without a listener an 'error' event would end the process; a broken connection is retried.
  client.on("error", () => lost(state, client));
  client.on("end", () => lost(state, client));
  client.on("notification", (message) => {
    if (message.channel === CHANNEL) forgetApiPrincipals();
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  } catch {
    lost(state, client);
    return;
  }
  if (state.client !== client) return;
  // The socket must not keep a script or a test file alive once its work is done.
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
  // A change committed while no connection listened was not heard.
  forgetApiPrincipals();
  state.listening = true;
  state.retryMs = FIRST_RETRY_MS;
}

function lost(state: Listener, client: pg.Client): void {
  if (state.client !== client) return;
  state.client = null;
  state.listening = false;
  forgetApiPrincipals();
  client.end().catch(() => undefined);
  // Unref'd: a retry pending must not keep a script or a test file alive either.
  setTimeout(() => void connect(state), state.retryMs).unref();
  state.retryMs = Math.min(state.retryMs * 2, LAST_RETRY_MS);
}

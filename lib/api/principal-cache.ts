// Principals of recently presented API tokens, kept in each web process for a few seconds so a
// busy integration does not cost a token read (a Postgres round trip and its join) on every
// request (docs/api.md "Tokens", docs/benchmarks.md). Only tokens that authenticated are kept:
// an unknown token is looked up every time, so guessing cannot fill the cache and a new token
// works at once. Revoking a token or disabling a user forgets every entry in the process that
// made the change at once, and in the others when the database's notification arrives
// (principal-listener.ts); a process that cannot hear it stops accepting within PRINCIPAL_TTL_MS.
import type { ApiPrincipal } from "./tokens";

/** How long a web process that missed the notification may still accept a token after it was revoked or its user disabled. */
export const PRINCIPAL_TTL_MS = 5_000;
/** A process keeps at most this many; when full it starts afresh (a few lookups, no harm). */
const MAX_ENTRIES = 10_000;

type Entry = { principal: ApiPrincipal; until: number; tokenExpiresAt: number | null };

declare global {
  // On globalThis so that every copy of this module in the process (one per route bundle) shares it.
  var apiPrincipalCache: Map<string, Entry> | undefined;
  /** Token lookups in flight by token hash: requests that miss together share one (lib/api/tokens.ts). */
  var apiTokenLookups: Map<string, Promise<ApiPrincipal | null>> | undefined;
  /** Bumped by every forget: a lookup that began before it must not remember what it read. */
  var apiPrincipalGeneration: number | undefined;
}
const g = globalThis;

function cache(): Map<string, Entry> {
  g.apiPrincipalCache ??= new Map();
  return g.apiPrincipalCache;
}

/** The principal for a token hash seen less than PRINCIPAL_TTL_MS ago, unless the token has expired since. */
export function cachedPrincipal(tokenHash: string, now: number): ApiPrincipal | undefined {
  const entry = cache().get(tokenHash);
  if (!entry) return undefined;
  if (entry.until <= now || (entry.tokenExpiresAt !== null && entry.tokenExpiresAt <= now)) {
    cache().delete(tokenHash);
    return undefined;
  }
  return entry.principal;
}

/** The current generation, taken when a lookup starts and handed back to rememberPrincipal. */
export function principalGeneration(): number {
  return g.apiPrincipalGeneration ?? 0;
}

export function rememberPrincipal(
  tokenHash: string,
  principal: ApiPrincipal,
  tokenExpiresAt: Date | null,
  now: number,
  generation: number,
) {
  // A revocation or a disabled user committed while this lookup read: what it read may be stale.
  if (generation !== principalGeneration()) return;
  const c = cache();
  if (c.size >= MAX_ENTRIES) c.clear();
  c.set(tokenHash, { principal, until: now + PRINCIPAL_TTL_MS, tokenExpiresAt: tokenExpiresAt?.getTime() ?? null });
}

/** After a token's revocation or an admin's change to a user (disabled, enabled, password or 2FA reset): ask the database again. */
export function forgetApiPrincipals(): void {
  g.apiPrincipalGeneration = principalGeneration() + 1;
  g.apiPrincipalCache?.clear();
  // Requests from now on read afresh rather than join a lookup that began before the change.
  g.apiTokenLookups?.clear();
}

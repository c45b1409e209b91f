// API tokens: created and revoked by reseller users in the browser, used by their billing
// systems. The token is shown once; only its SHA-256 is stored (32 random bytes need no slow
// hash: there is nothing to guess). Creation and revocation are audited on the reseller's chain.
// A person creates one only with their current password (createApiTokenWithPassword): a token
// outlives the session that made it, so a stolen session must not be able to mint one. And only
// while that password, the session and the account still stand when the token is written: a
// password change that revokes the person's tokens must not miss one made meanwhile.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { lockOn } from "@/lib/advisory-lock";
import { recordAudit } from "@/lib/audit/record-audit";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { checkCurrentPassword, currentPasswordProblem } from "@/lib/auth/current-password";
import type { Viewer } from "@/lib/auth/session";
import { accountMovedOn } from "@/lib/auth/still-as-checked";
import { isUuid } from "@/lib/customers/queries";
import { db, type Prisma } from "@/lib/db";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { said } from "@/lib/i18n/sentences";
import { v } from "@/lib/i18n/validation";
import { cachedPrincipal, forgetApiPrincipals, principalGeneration, rememberPrincipal } from "./principal-cache";
import { listenForPrincipalChanges } from "./principal-listener";
import { API_SCOPES, type ApiScope, isApiScope } from "./scopes";

const TOKEN_PREFIX = "mrp_";

const createTokenSchema = z.object({
  name: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: v("tokenName") })
      .min(1, v("tokenName"))
      .max(80, v("tooLong", { max: 80 }))
      .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE),
  ),
  scopes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.enum(API_SCOPES, { error: v("scopeUnknown", { scopes: API_SCOPES.join(", ") }) }))
      .min(1, v("scopeMissing")),
  ),
  expiresOn: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.iso
      .date({ error: v("dateFormat") })
      .refine((d) => new Date(`${d}T23:59:59.999Z`) > new Date(), { message: v("dateFuture") })
      .optional(),
  ),
});

export type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  createdBy: { email: string };
  /**
   * Whether the API accepts it as far as its creator goes: a token acts as the person who made it,
   * and is refused while that account is disabled or no longer this reseller's (kept, not revoked,
   * so it works again if the account is enabled again: docs/security.md).
   */
  creatorActs: boolean;
};

/** Whether a token's creator may act through it for the token's reseller. */
function creatorActs(u: { disabledAt: Date | null; role: string; resellerId: string | null }, resellerId: string) {
  return !u.disabledAt && u.role === "reseller" && u.resellerId === resellerId;
}

/** Whether a token has the form createApiToken gives (the prefix and 32 random bytes in base64url). */
export function isWellFormedToken(token: string): boolean {
  return /^mrp_[A-Za-z0-9_-]{43}$/.test(token);
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * The most tokens that work (neither revoked nor expired) a reseller may hold at once. The API
 * access page lists every one of them with its Revoke (docs/api.md "Tokens"): without a bound the
 * list would grow without end, and a token no one can find on the page is one no one revokes. A
 * creation past it is refused, saying to revoke one first.
 */
export const MAX_LIVE_API_TOKENS = 100;

/** How many revoked or expired tokens the page lists below the working ones, newest first. */
export const INACTIVE_TOKENS_LISTED = 50;

/** The tokens of a reseller that work, or may again (creator disabled): not revoked, not expired. */
const live = (resellerId: string, now: Date) => ({
  resellerId,
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** `sessionId`: the session the request came in (the pages' user has it), checked at the write. */
type Creator = Viewer & { resellerId: string; sessionId?: string };

export type CreateTokenResult =
  | { ok: true; token: string; id: string }
  // formError: the account moved on since the request's checks (lib/auth/still-as-checked.ts), or
  // the reseller has MAX_LIVE_API_TOKENS working already.
  | { ok: false; fieldErrors: Record<string, string[] | undefined>; formError?: string };

/**
 * The plain token is in the result only: it is never stored or logged. Written only while the
 * account still stands as the request checked it (`passwordHash`: the hash its current password
 * was verified against; lib/auth/still-as-checked.ts); otherwise nothing is written and
 * `formError` says to sign in again.
 */
export async function createApiToken(
  user: Creator,
  input: unknown,
  verified: { passwordHash?: string } = {},
): Promise<CreateTokenResult> {
  if (user.role !== "reseller") return { ok: false, fieldErrors: { name: [v("tokenResellerOnly")] } };
  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const { name, scopes, expiresOn } = parsed.data;
  const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59.999Z`) : null;
  const made = await db().$transaction(async (tx) => {
    const movedOn = await accountMovedOn(tx, {
      userId: user.id,
      sessionId: user.sessionId,
      passwordHash: verified.passwordHash,
    });
    if (movedOn) return { movedOn };
    // One creation at a time per reseller, so two at once cannot both pass the count at the bound.
    await tx.$queryRaw(lockOn(`api-token-cap:${user.resellerId}`));
    if ((await tx.apiToken.count({ where: live(user.resellerId, new Date()) })) >= MAX_LIVE_API_TOKENS)
      return { atCap: true as const };
    const row = await tx.apiToken.create({
      data: {
        resellerId: user.resellerId,
        createdById: user.id,
        name,
        scopes,
        tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email ?? undefined },
      action: "api_token.created",
      resellerId: user.resellerId,
      after: { tokenId: row.id, name, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row.id };
  });
  if ("movedOn" in made) return { ok: false, fieldErrors: {}, formError: made.movedOn };
  if ("atCap" in made)
    return { ok: false, fieldErrors: {}, formError: said("tokenLimitReached", { max: MAX_LIVE_API_TOKENS }) };
  return { ok: true, token, id: made.id };
}

/**
 * The API access page's creation: the form's fields as createApiToken takes them, and the
 * person's current password, asked again and counted like the other account checks
 * (lib/auth/self-check.ts; docs/security.md "API tokens and webhooks"). The fields are checked
 * first, so a mistyped name does not use up a password attempt; nothing is created on a refusal.
 */
export async function createApiTokenWithPassword(
  user: Creator,
  input: Record<string, unknown> & { currentPassword?: unknown },
): Promise<CreateTokenResult> {
  if (user.role !== "reseller") return { ok: false, fieldErrors: { name: [v("tokenResellerOnly")] } };
  const { currentPassword, ...fields } = input;
  const parsed = createTokenSchema.safeParse(fields);
  const problem = currentPasswordProblem(currentPassword);
  if (!parsed.success || problem)
    return {
      ok: false,
      fieldErrors: {
        ...(parsed.success ? {} : z.flattenError(parsed.error).fieldErrors),
        ...(problem ? { currentPassword: [problem] } : {}),
      },
    };
  const password = await checkCurrentPassword(user, currentPassword);
  if (!password.ok) return { ok: false, fieldErrors: { currentPassword: [password.refused] } };
  return createApiToken(user, fields, { passwordHash: password.passwordHash });
}

/**
 * "Change my password" as the account page offers it, with "also revoke the API tokens I
 * created": both in the password change's transaction (lib/auth/change-password.ts), then, after
 * the commit as revokeApiToken does, this process forgets the principals it remembers, so the
 * revoked tokens stop at once here; the other web processes hear of it from the database
 * (principal-listener.ts).
 */
export async function changeOwnPasswordAndTokens(
  user: Parameters<typeof changeOwnPassword>[0],
  input: Parameters<typeof changeOwnPassword>[1],
): ReturnType<typeof changeOwnPassword> {
  const result = await changeOwnPassword(user, input);
  if (result.apiTokensRevoked > 0) forgetApiPrincipals();
  return result;
}

const TOKEN_ROW = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { email: true, disabledAt: true, role: true, resellerId: true } },
} satisfies Prisma.ApiTokenSelect;

/**
 * The API access page's list: every token that works (or may again), newest first, then the newest
 * INACTIVE_TOKENS_LISTED revoked or expired ones. A token that works is never left off, however
 * many stopped ones there are: it has to be found to be revoked (docs/api.md "Tokens").
 * `notListed`: the older revoked or expired tokens left off.
 */
export async function listApiTokens(resellerId: string): Promise<{ tokens: ApiTokenRow[]; notListed: number }> {
  const now = new Date();
  const inactive = { resellerId, OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] };
  const [working, stopped, stoppedCount] = await Promise.all([
    db().apiToken.findMany({
      where: live(resellerId, now),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: TOKEN_ROW,
    }),
    db().apiToken.findMany({
      where: inactive,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: INACTIVE_TOKENS_LISTED,
      select: TOKEN_ROW,
    }),
    db().apiToken.count({ where: inactive }),
  ]);
  const tokens = [...working, ...stopped].map(({ createdBy, ...r }) => ({
    ...r,
    createdBy: { email: createdBy.email },
    creatorActs: creatorActs(createdBy, resellerId),
  }));
  return { tokens, notListed: Math.max(0, stoppedCount - stopped.length) };
}

/**
 * Revokes one of the reseller's tokens. Not `ok` when it is not the reseller's, or when it was
 * revoked already (a colleague, a password change that revoked it meanwhile): `alreadyRevoked`
 * tells the two apart, so the page can say the list was out of date rather than that it failed.
 */
export async function revokeApiToken(
  user: Creator,
  tokenId: string,
): Promise<{ ok: true } | { ok: false; alreadyRevoked: boolean }> {
  if (!isUuid(tokenId)) return { ok: false, alreadyRevoked: false };
  const result = await db().$transaction(async (tx): Promise<{ ok: true } | { ok: false; alreadyRevoked: boolean }> => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, resellerId: user.resellerId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count !== 1) {
      const revoked = await tx.apiToken.count({
        where: { id: tokenId, resellerId: user.resellerId, revokedAt: { not: null } },
      });
      return { ok: false, alreadyRevoked: revoked === 1 };
    }
    await recordAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email ?? undefined },
      action: "api_token.revoked",
      resellerId: user.resellerId,
      after: { tokenId },
    });
    return { ok: true };
  });
  // After the commit: a request between a forget and the commit could cache the old state again.
  if (result.ok) forgetApiPrincipals();
  return result;
}

/** Who a request with a valid token acts as: the token's creator, for the token's reseller only. */
export type ApiPrincipal = {
  tokenId: string;
  tokenName: string;
  resellerId: string;
  scopes: ApiScope[];
  user: Viewer & { resellerId: string };
};

// last_used_at is written at most once a minute per token: a busy integration would otherwise
// turn every read into a write.
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The principal for a token this process has seen authenticate moments ago (principal-cache.ts),
 * without asking the database; undefined when it would have to ask. The API's rate limit charges
 * such a token its own budget only (lib/api/handler.ts).
 */
export function knownApiPrincipal(token: string): ApiPrincipal | undefined {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  return cachedPrincipal(hashToken(token), Date.now());
}

/**
 * The principal for a presented token, or null when it is unknown, revoked, expired, or its
 * creator can no longer act for the reseller (disabled, moved, no longer a reseller user).
 */
export async function authenticateApiToken(token: string): Promise<ApiPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // Before anything is remembered: other processes' revocations must reach this one.
  listenForPrincipalChanges();
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = cachedPrincipal(tokenHash, now);
  if (cached) return cached;
  // When the remembered principal runs out, a busy integration's requests in flight all miss at
  // once: they share one read (and at most one `last used` write) instead of each sending its own.
  globalThis.apiTokenLookups ??= new Map();
  const lookups = globalThis.apiTokenLookups;
  let lookup = lookups.get(tokenHash);
  if (!lookup) {
    const started: Promise<ApiPrincipal | null> = lookUpToken(tokenHash, now, principalGeneration()).finally(() => {
      if (lookups.get(tokenHash) === started) lookups.delete(tokenHash);
    });
    lookup = started;
    lookups.set(tokenHash, lookup);
  }
  return lookup;
}

async function lookUpToken(tokenHash: string, now: number, generation: number): Promise<ApiPrincipal | null> {
  const row = await db().apiToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      name: true,
      resellerId: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { id: true, email: true, role: true, resellerId: true, disabledAt: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null;
  const u = row.createdBy;
  if (!creatorActs(u, row.resellerId)) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }
  const principal: ApiPrincipal = {
    tokenId: row.id,
    tokenName: row.name,
    resellerId: row.resellerId,
    scopes: row.scopes.filter(isApiScope),
    user: { id: u.id, role: u.role, resellerId: row.resellerId, email: `${u.email} (API token "${row.name}")` },
  };
  rememberPrincipal(tokenHash, principal, row.expiresAt, now, generation);
  return principal;
}

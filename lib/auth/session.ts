// Guards every page, server action and route handler calls (docs/design.md). Each returns a
// non-null value or leaves the request (redirect / notFound), so callers never hold a
// possibly-undefined user id to filter queries on. requireUser() and everything built on it also
// hold back a user who must first choose a new password or set up two-factor sign-in; only the
// account pages that do those things use requireSignedIn().

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/generated/prisma/enums";
import { findResellerForUser, type ResellerSummary } from "@/lib/users/reseller-access";
import { liveSessionUser } from "./options";
import { decodeSessionCookie } from "./session-cookie";
import type { SessionUser } from "./sessions";
import { requiresTwoFactor } from "./two-factor";

export type { SessionUser };

/**
 * The facts about the signed-in person that lib/ code needs; the session user is one. Functions
 * that read or write data take it and check role and tenant themselves, so a forgotten page
 * guard still answers "not found", never another tenant's or role's data.
 */
export type Viewer = {
  id: string;
  role: Role;
  resellerId?: string | null;
  email?: string | null;
  name?: string | null;
};

const STAFF: readonly Role[] = ["support", "admin"];

function isStaff(viewer: Viewer): boolean {
  return STAFF.includes(viewer.role);
}

/** support or admin; anyone else gets Next's not-found (404), the same answer as a missing page. */
export function assertStaff(viewer: Viewer | null | undefined): asserts viewer is Viewer {
  if (!viewer || !isStaff(viewer)) notFound();
}

export function assertAdmin(viewer: Viewer | null | undefined): asserts viewer is Viewer {
  if (viewer?.role !== "admin") notFound();
}

/** The reseller this person may order for, or undefined (support and admin never place orders). */
export function orderingResellerId(viewer: Viewer): string | undefined {
  return viewer.role === "reseller" && viewer.resellerId ? viewer.resellerId : undefined;
}

/** How a person appears in audit rows: id plus a readable label, never anything secret. */
export function userActor(viewer: Viewer): Actor {
  return { type: "user", id: viewer.id, label: viewer.email ?? viewer.name ?? viewer.id };
}

/**
 * The user these session cookies stand for, or null: the cookie's JWT decoded (its expiry is the
 * absolute cap), then the same check as next-auth's jwt callback (lib/auth/options.ts): session
 * row (revoked, idle, absolute cap), user, version.
 */
export async function userForSessionCookies(
  all: ReadonlyArray<{ name: string; value: string }>,
): Promise<SessionUser | null> {
  const token = await decodeSessionCookie(all);
  if (!token?.userId || !token.sid || typeof token.sessionVersion !== "number") return null;
  return liveSessionUser(token.sid, token.userId, token.sessionVersion);
}

/**
 * The signed-in user, freshly checked against the database, or null. Once per request: the
 * layout, the page, its metadata and the language settings all ask, and React's per-request
 * cache hands them the same answer (a server action or route handler is one request too).
 */
export const currentUser = cache(
  async (): Promise<SessionUser | null> => userForSessionCookies((await cookies()).getAll()),
);

const CHANGE_PASSWORD_PATH = "/account/password";
const TWO_FACTOR_PATH = "/account/two-factor";

/** Where a signed-in user must go before anything else, or null when nothing is pending. */
function pendingAccountStep(user: SessionUser): string | null {
  if (user.mustChangePassword) return CHANGE_PASSWORD_PATH;
  if (requiresTwoFactor(user.role) && !user.twoFactorEnabled) return TWO_FACTOR_PATH;
  return null;
}

/** Signed in, whatever is pending: for the account pages only. */
export async function requireSignedIn(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await requireSignedIn();
  const pending = pendingAccountStep(user);
  if (pending) redirect(pending);
  return user;
}

/** A user of another role gets "not found": the page's existence is not disclosed. */
export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) notFound();
  return user;
}

/** Only a reseller user of the reseller with this slug gets through; anyone else: not found. */
export async function requireResellerAccess(slug: string): Promise<{ user: SessionUser; reseller: ResellerSummary }> {
  const user = await requireRole("reseller");
  if (!user.resellerId) notFound();
  const reseller = await findResellerForUser(slug, user.resellerId);
  if (!reseller) notFound();
  return { user, reseller };
}

/** Where a user lands after signing in. */
export function homePath(user: Pick<SessionUser, "role" | "resellerSlug">): string {
  if (user.role === "reseller") return user.resellerSlug ? `/r/${user.resellerSlug}` : "/login";
  return "/support";
}

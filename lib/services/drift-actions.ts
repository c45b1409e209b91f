// What support does with a drift finding (docs/lifecycle.md), each in one transaction with its
// audit event: adopt an unowned resource into a chosen customer (a new service; the partial
// unique index refuses a resource someone already owns), mark a missing service gone (which
// frees the limit it used), or dismiss a finding after looking. Every action asks for a reason
// (at least 3 characters, as support's order actions do), kept on its audit event. Nothing is
// sent upstream, but the resource is read again first: adopting needs it there now (and records
// whose it says it is), marking a service gone needs it still "not found" (drift-confirm.ts).

import { type AuditInput, recordAudit } from "@/lib/audit/record-audit";
import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db, Prisma } from "@/lib/db";
import { reasonSchema } from "@/lib/forms/reason";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { OPEN_STATUSES } from "@/lib/orders/vocabulary";
import { uncheckedReading } from "@/lib/upstream/unchecked-reading";
import { staffServiceOutbox } from "@/lib/webhooks/outbox-sql";
import { confirmMissing } from "./drift-confirm";
import { findingSeen, identitySeen } from "./drift-seen";
import { upstreamCallsFromEnv } from "./upstream-calls";
import { stateOf } from "./upstream-state";

/** `field`: the refusal is about that form field (the reason), so the form shows it there. */
export type DriftActionResult = { ok: true; message: string } | { ok: false; message: string; field?: "reason" };

/**
 * The reason every action on a finding asks for, checked as support's order actions check it
 * (lib/forms/reason.ts): trimmed, 3 to 500 characters, no control characters. A refusal is a
 * validation message (v()), translated at the form; anything but text is refused like a short one.
 */
export function driftReason(
  raw: unknown,
): { ok: true; reason: string } | { ok: false; message: string; field: "reason" } {
  const parsed = reasonSchema.safeParse(typeof raw === "string" ? raw : "");
  if (parsed.success) return { ok: true, reason: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? said("dismissWhy"), field: "reason" };
}

/**
 * The provider's fields that say whose a resource is, per kind, in the order the finding's page
 * shows them: a Qboxmail resource's customer code and company, a grommunio domain's organisation.
 */
const OWNER_FIELDS: Record<OrderKind, readonly string[]> = {
  qboxmail_domain: ["name", "customer_code", "company"],
  qboxmail_manager: ["email_address", "firstname", "lastname", "company", "customer_code"],
  grommunio_domain: ["domainname", "title", "orgID"],
  grommunio_server: ["hostname", "extname"],
};

export type IdentityField = { field: string; value: string };
/** A reseller whose upstream identifier (docs/security.md "Upstream identifiers") the resource carries. */
export type IdentityOwner = {
  resellerId: string;
  resellerName: string;
  field: "customer_code" | "orgID";
  value: string;
};

/** A finding's resource as the provider answers for it now. */
export type ResourceReading =
  | { state: "found"; identity: IdentityField[]; owner: IdentityOwner | null }
  | { state: "absent" }
  /** A grommunio domain soft-deleted there (kept, name taken, until purged): nothing live to adopt. */
  | { state: "deleted" }
  /** `kind` as the failed read had it (UpstreamFailure), or `thrown`. */
  | { state: "unreadable"; kind: string; message: string };

/**
 * Reads a finding's resource by its reference through the same calls as "mark gone" and
 * "re-create" (upstream-calls.ts): what it says of its owner (the fields it has of OWNER_FIELDS),
 * and the reseller whose Qboxmail customer code or grommunio organisation it carries, if any.
 */
export async function readFindingResource(
  viewer: Viewer,
  f: { kind: OrderKind; upstreamRef: string; naturalKey: string },
): Promise<ResourceReading> {
  assertStaff(viewer);
  let r: Awaited<ReturnType<ReturnType<typeof upstreamCallsFromEnv>["read"]>>;
  try {
    // With the natural key, as confirmMissing reads (drift-confirm.ts).
    r = await upstreamCallsFromEnv().read(f.kind, f.upstreamRef, undefined, f.naturalKey);
  } catch (err) {
    return { state: "unreadable", kind: "thrown", message: err instanceof Error ? err.message : String(err) };
  }
  if (r.kind === "absent") return { state: "absent" };
  if (r.kind !== "found") return { state: "unreadable", kind: r.kind, message: r.message };
  const data = (r.data && typeof r.data === "object" ? r.data : {}) as Record<string, unknown>;
  if (stateOf(f.kind, data) === "soft_deleted") return { state: "deleted" };
  const shown = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() : "");
  const identity = OWNER_FIELDS[f.kind]
    .map((field) => ({ field, value: shown(data[field]) }))
    .filter((i) => i.value !== "");
  const code = shown(data.customer_code);
  // grommunio's organisation 0 is "none".
  const org =
    f.kind === "grommunio_domain" && Number.isInteger(data.orgID) && data.orgID !== 0 ? Number(data.orgID) : null;
  const reseller = code
    ? await db().reseller.findUnique({ where: { qboxmailCustomerCode: code }, select: { id: true, name: true } })
    : org !== null
      ? await db().reseller.findUnique({ where: { grommunioOrgId: org }, select: { id: true, name: true } })
      : null;
  const owner: IdentityOwner | null = reseller
    ? code
      ? { resellerId: reseller.id, resellerName: reseller.name, field: "customer_code", value: code }
      : { resellerId: reseller.id, resellerName: reseller.name, field: "orgID", value: String(org) }
    : null;
  return { state: "found", identity, owner };
}

async function openFinding(id: string) {
  if (!isUuid(id)) return null;
  return db().driftFinding.findFirst({ where: { id, resolvedAt: null } });
}

type Finding = NonNullable<Awaited<ReturnType<typeof openFinding>>>;

class FindingClosed extends Error {}

/** The finding's details are not the ones the person's page showed. */
class FindingChangedSinceSeen extends Error {}

/** Runs an action's transaction; a finding someone else closed meanwhile is a refusal, not an error. */
class ServiceEndedMeanwhile extends Error {}

/** The service has a change, suspension or deletion open: the refusal names it. */
export class ServiceOrderOpen extends Error {
  constructor(readonly orderId: string) {
    super(said("driftServiceOrderOpen", { order: orderId }));
  }
}

async function whileOpen(run: () => Promise<void>): Promise<DriftActionResult | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    if (err instanceof FindingClosed) return { ok: false, message: said("findingClosed") };
    if (err instanceof FindingChangedSinceSeen) return { ok: false, message: said("findingChangedSinceSeen") };
    if (err instanceof ServiceEndedMeanwhile) return { ok: false, message: said("goneEndedMeanwhile") };
    if (err instanceof ServiceOrderOpen) return { ok: false, message: err.message };
    throw err;
  }
}

/**
 * Ending a service from a finding (mark gone, re-create) waits for any change, suspension or
 * deletion of it still open, as the drift check itself leaves such a service out
 * (docs/lifecycle.md "Drift check"): a delete still on its way would read the old reference back
 * as gone, succeed, and end the service a second time (and beside a re-created resource, report
 * it deleted). Throws ServiceOrderOpen naming the order. Runs first in the action's transaction:
 * the service row is locked, then the orders are read in a statement of their own, so a placement
 * (lib/services/place-change.ts) or support's retry of a failed order of the service
 * (reopenedTargetLocked, lib/orders/reopening-guard.ts) that share-locked the row before is seen
 * once it commits, and one that comes after finds the service ended and takes its order back.
 */
export async function refuseWhileOrderOpen(tx: Prisma.TransactionClient, serviceId: string): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT 1 AS locked FROM service WHERE id = ${serviceId}::uuid FOR UPDATE`);
  const [open] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT id::text AS id FROM "order"
    WHERE service_id = ${serviceId}::uuid AND action <> 'create' AND status = ANY(${[...OPEN_STATUSES]}::"OrderStatus"[])
    ORDER BY created_at LIMIT 1`);
  if (open) throw new ServiceOrderOpen(open.id);
}
type Resolution = "adopted" | "marked_gone" | "dismissed";

/**
 * Closes a finding as resolved by this person, with its audit event, inside the caller's
 * transaction. `finding` adds what adopting sets (the new service, the customer's reseller).
 */
async function closeFinding(
  tx: Prisma.TransactionClient,
  viewer: Viewer,
  f: Finding,
  resolution: Resolution,
  audit: Omit<AuditInput, "actor">,
  finding: { serviceId?: string; resellerId?: string } = {},
): Promise<void> {
  // Only while it is open: of two people acting on one finding at once, the second is refused
  // rather than overwrite the first one's resolution.
  const closed = await tx.driftFinding.updateMany({
    where: { id: f.id, resolvedAt: null },
    data: { resolvedAt: new Date(), resolution, resolvedBy: viewer.id, ...finding },
  });
  if (closed.count !== 1) throw new FindingClosed();
  await recordAudit(tx, { actor: userActor(viewer), ...audit });
}

/**
 * Adopts an unowned resource into a customer. `seenIdentity` is the page's token of what the
 * provider said of the resource's identity and owner (./drift-seen.ts identitySeen): the
 * confirmation warned, or did not, from that, so an adoption the provider now answers otherwise
 * for is refused.
 */
export async function adoptFinding(
  viewer: Viewer,
  findingId: string,
  customerId: string,
  reason: unknown,
  seenIdentity: string,
): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (f?.type !== "unowned") return { ok: false, message: said("findingNotUnowned") };
  const customer = isUuid(customerId)
    ? await db().customer.findUnique({
        where: { id: customerId },
        select: { id: true, resellerId: true, name: true, reseller: { select: { name: true } } },
      })
    : null;
  if (!customer) return { ok: false, message: said("chooseOwner") };
  const why = driftReason(reason);
  if (!why.ok) return why;
  // Owned meanwhile (another finding of it adopted, an order that took it): said without asking
  // the provider. The unique index below still decides a race.
  const owned = await db().service.count({ where: { kind: f.kind, upstreamRef: f.upstreamRef, status: "active" } });
  if (owned > 0) return { ok: false, message: said("alreadyOwned") };
  // The other holders the one-owner rule knows (lib/orders/ownership.ts otherHolder), which the
  // service's unique index does not: a server an administrator shared with resellers is the
  // provider's, not one reseller's service (shared since the drift run listed it); and a create
  // order for the name still on its way would find the adopted service and be held by it.
  if (f.kind === "grommunio_server" && /^\d{1,9}$/.test(f.upstreamRef)) {
    const shared = await db().sharedGrommunioServer.count({ where: { serverId: Number(f.upstreamRef) } });
    if (shared > 0) return { ok: false, message: said("adoptSharedServer", { ref: f.upstreamRef }) };
  }
  const running = await db().order.findFirst({
    where: {
      provider: f.provider,
      kind: f.kind,
      naturalKey: f.naturalKey,
      action: "create",
      status: { in: [...OPEN_STATUSES] },
    },
    select: { id: true },
  });
  if (running) return { ok: false, message: said("orderOnItsWay", { name: f.naturalKey, order: running.id }) };
  // The finding rests on a list read minutes or days ago: the resource must be there now, and
  // what it says of its owner is kept with the adoption.
  const now = await readFindingResource(viewer, f);
  if (now.state === "absent")
    return { ok: false, message: said("adoptGoneNow", { name: f.naturalKey, ref: f.upstreamRef }) };
  if (now.state === "deleted")
    return { ok: false, message: said("adoptDeletedNow", { name: f.naturalKey, ref: f.upstreamRef }) };
  if (now.state === "unreadable") return { ok: false, message: uncheckedReading(now) };
  // An empty token: the page could not read the resource, so it showed no owner to confirm.
  if (seenIdentity === "") return { ok: false, message: said("adoptPageUnread", { name: f.naturalKey }) };
  if (identitySeen(now.identity, now.owner?.resellerId ?? null) !== seenIdentity)
    return { ok: false, message: said("adoptIdentityChanged", { name: f.naturalKey }) };
  try {
    const refused = await whileOpen(() =>
      db().$transaction(async (tx) => {
        const service = await tx.service.create({
          data: {
            resellerId: customer.resellerId,
            customerId: customer.id,
            kind: f.kind,
            provider: f.provider,
            upstreamRef: f.upstreamRef,
            naturalKey: f.naturalKey,
            displayName: f.naturalKey,
          },
          select: { id: true },
        });
        await tx.$executeRaw(
          staffServiceOutbox({
            type: "service.created",
            action: "adopt",
            serviceId: service.id,
            orderId: null,
            resellerId: customer.resellerId,
            customerId: customer.id,
            kind: f.kind,
            naturalKey: f.naturalKey,
            upstreamRef: f.upstreamRef,
          }),
        );
        await closeFinding(
          tx,
          viewer,
          f,
          "adopted",
          {
            action: "service.adopted",
            resellerId: customer.resellerId,
            after: {
              serviceId: service.id,
              findingId: f.id,
              kind: f.kind,
              upstreamRef: f.upstreamRef,
              customerId: customer.id,
              // Whose the provider said it was when it was adopted.
              identity: Object.fromEntries(now.identity.map((i) => [i.field, i.value])),
              ...(now.owner ? { identityResellerId: now.owner.resellerId } : {}),
            },
            reason: why.reason,
          },
          { serviceId: service.id, resellerId: customer.resellerId },
        );
      }),
    );
    if (refused) return refused;
  } catch (err) {
    if (err instanceof Error && /Unique constraint/i.test(err.message))
      return { ok: false, message: said("alreadyOwned") };
    throw err;
  }
  return {
    ok: true,
    message: said("adoptedFor", { name: f.naturalKey, customer: customer.name, reseller: customer.reseller.name }),
  };
}

export async function markGone(viewer: Viewer, findingId: string, reason: unknown): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (f?.type !== "missing" || !f.serviceId) return { ok: false, message: said("findingNotMissing") };
  const why = driftReason(reason);
  if (!why.ok) return why;
  // The finding may be minutes old, and rests on one pass over the lists: the provider must still
  // answer "not found" now.
  const now = await confirmMissing(f.kind, f.upstreamRef, f.naturalKey);
  if (!now.missing) return { ok: false, message: now.message };
  const refused = await whileOpen(() =>
    db().$transaction(async (tx) => {
      await refuseWhileOrderOpen(tx, f.serviceId!);
      const ended = await tx.service.updateMany({
        where: { id: f.serviceId!, status: "active" },
        data: { status: "gone", endedAt: new Date(), upstreamState: "missing" },
      });
      // Ended meanwhile (its delete order, a re-create): nothing is marked, nor said to be.
      if (ended.count !== 1) throw new ServiceEndedMeanwhile();
      const gone = await tx.service.findUniqueOrThrow({
        where: { id: f.serviceId! },
        select: { resellerId: true, customerId: true, naturalKey: true, upstreamRef: true },
      });
      await tx.$executeRaw(
        staffServiceOutbox({
          type: "service.deleted",
          action: "mark_gone",
          serviceId: f.serviceId!,
          orderId: null,
          resellerId: gone.resellerId,
          customerId: gone.customerId,
          kind: f.kind,
          naturalKey: gone.naturalKey,
          upstreamRef: gone.upstreamRef,
        }),
      );
      await closeFinding(tx, viewer, f, "marked_gone", {
        action: "service.marked_gone",
        resellerId: f.resellerId,
        after: {
          serviceId: f.serviceId,
          findingId: f.id,
          kind: f.kind,
          upstreamRef: f.upstreamRef,
          name: f.naturalKey,
        },
        reason: why.reason,
      });
    }),
  );
  if (refused) return refused;
  return { ok: true, message: said("markedGone", { name: f.naturalKey }) };
}

/**
 * Dismisses a finding as seen: `seen` is the page's token of the details it showed
 * (./drift-seen.ts). A later dismissal with the same details stops the finding coming back, so
 * one whose details a reading changed since the page was loaded is refused, not dismissed.
 */
export async function dismissFinding(
  viewer: Viewer,
  findingId: string,
  reason: unknown,
  seen: string,
): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (!f) return { ok: false, message: said("findingClosed") };
  const why = driftReason(reason);
  if (!why.ok) return why;
  const refused = await whileOpen(() =>
    db().$transaction(async (tx) => {
      // Locked, so a reading's rewrite of the details waits for this dismissal or comes before it.
      await tx.$queryRaw(Prisma.sql`SELECT 1 AS locked FROM drift_finding WHERE id = ${f.id}::uuid FOR UPDATE`);
      const now = await tx.driftFinding.findFirst({ where: { id: f.id, resolvedAt: null }, select: { details: true } });
      if (!now) throw new FindingClosed();
      if (findingSeen(now.details) !== seen) throw new FindingChangedSinceSeen();
      await closeFinding(tx, viewer, f, "dismissed", {
        action: "service.drift_dismissed",
        resellerId: f.resellerId,
        // What was accepted, so the trail says which differences a person let stand.
        after: {
          serviceId: f.serviceId,
          findingId: f.id,
          type: f.type,
          kind: f.kind,
          upstreamRef: f.upstreamRef,
          name: f.naturalKey,
          details: now.details,
        },
        reason: why.reason,
      });
    }),
  );
  return refused ?? { ok: true, message: said("dismissed") };
}

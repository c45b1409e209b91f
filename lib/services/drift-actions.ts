// What support does with a drift finding (docs/lifecycle.md), each in one transaction with its
// audit event: adopt an unowned resource into a chosen customer (a new service; the partial
// unique index refuses a resource someone already owns), mark a missing service gone (which
// frees the limit it used), or dismiss a finding after looking. Nothing is sent upstream; marking
// a service gone first reads its resource, which must still answer "not found" (drift-confirm.ts).

import { type AuditInput, recordAudit } from "@/lib/audit/record-audit";
import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { isUuid } from "@/lib/customers/queries";
import { db, type Prisma } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";
import { said } from "@/lib/i18n/sentences";
import { confirmMissing } from "./drift-confirm";

export type DriftActionResult = { ok: true; message: string } | { ok: false; message: string };

async function openFinding(id: string) {
  if (!isUuid(id)) return null;
  return db().driftFinding.findFirst({ where: { id, resolvedAt: null } });
}

type Finding = NonNullable<Awaited<ReturnType<typeof openFinding>>>;

class FindingClosed extends Error {}

/** Runs an action's transaction; a finding someone else closed meanwhile is a refusal, not an error. */
async function whileOpen(run: () => Promise<void>): Promise<DriftActionResult | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    if (err instanceof FindingClosed) return { ok: false, message: said("findingClosed") };
    throw err;
  }
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

export async function adoptFinding(viewer: Viewer, findingId: string, customerId: string): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (f?.type !== "unowned") return { ok: false, message: said("findingNotUnowned") };
  const customer = isUuid(customerId)
    ? await db().customer.findUnique({ where: { id: customerId }, select: { id: true, resellerId: true, name: true } })
    : null;
  if (!customer) return { ok: false, message: said("chooseOwner") };
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
            },
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
  return { ok: true, message: said("adopted", { name: f.naturalKey, customer: customer.name }) };
}

export async function markGone(viewer: Viewer, findingId: string): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (f?.type !== "missing" || !f.serviceId) return { ok: false, message: said("findingNotMissing") };
  // The finding may be minutes old, and rests on one pass over the lists: the provider must still
  // answer "not found" now.
  const now = await confirmMissing(f.kind, f.upstreamRef, f.naturalKey);
  if (!now.missing) return { ok: false, message: now.message };
  const refused = await whileOpen(() =>
    db().$transaction(async (tx) => {
      await tx.service.updateMany({
        where: { id: f.serviceId!, status: "active" },
        data: { status: "gone", endedAt: new Date(), upstreamState: "missing" },
      });
      await closeFinding(tx, viewer, f, "marked_gone", {
        action: "service.marked_gone",
        resellerId: f.resellerId,
        after: { serviceId: f.serviceId, findingId: f.id, kind: f.kind, upstreamRef: f.upstreamRef },
      });
    }),
  );
  if (refused) return refused;
  return { ok: true, message: said("markedGone", { name: f.naturalKey }) };
}

export async function dismissFinding(viewer: Viewer, findingId: string, reason: string): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = await openFinding(findingId);
  if (!f) return { ok: false, message: said("findingClosed") };
  const why = reason.trim().slice(0, 500);
  if (!why) return { ok: false, message: said("dismissWhy") };
  if (hasControlChars(why, true)) return { ok: false, message: said("reasonControlChars") };
  const refused = await whileOpen(() =>
    db().$transaction(async (tx) => {
      await closeFinding(tx, viewer, f, "dismissed", {
        action: "service.drift_dismissed",
        resellerId: f.resellerId,
        after: { serviceId: f.serviceId, findingId: f.id, type: f.type, kind: f.kind, upstreamRef: f.upstreamRef },
        reason: why,
      });
    }),
  );
  return refused ?? { ok: true, message: said("dismissed") };
}

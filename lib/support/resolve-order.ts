// Support's "mark resolved with an upstream reference" (docs/reliability.md "Ownership"). A
// person's word goes through the same rules as the worker's: for a create, as its adoption — the
// reference must not be held by another order, and it must exist upstream as the resource this
// order asked for, found under the order's natural key, with that very reference and matching
// identity fields; the owner index still refuses a race. For a change, suspension or deletion of a
// service, as its read-back — the reference is the service's, and reading it must show the change
// applied (a deleted resource gone). Only then does the order become succeeded, with its effect
// on the service (lib/orders/service-effects.ts).

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { OrderAction, OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { differenceList } from "@/lib/i18n/portal-texts";
import { said } from "@/lib/i18n/sentences";
import { heldByOtherMessage, isOwnershipConflict, otherHolder } from "@/lib/orders/ownership";
import { type ChangeAction, type ChangePayload, judgeApplied } from "@/lib/services/change-kinds";
import { type UpstreamCalls, upstreamCallsFromEnv } from "@/lib/services/upstream-calls";
import { identityOfPayload, mismatchesOf } from "@/lib/upstream/identity";
import { type UncheckedReading, uncheckedReading } from "@/lib/upstream/unchecked-reading";
import type { ResolveOrderInput } from "./action-schemas";
import { canResolve, type Done, personStep, SupportActionError, UPSTREAM_CHECK_FIELDS } from "./order-actions";

/**
 * Asked on each use, not kept: a web process that never resolves an order never needs upstream
 * settings, and the shared clients behind it (lib/upstream/clients.ts) follow the settings when
 * they are read again, which a copy kept here would not.
 */
function upstream(): UpstreamCalls {
  return upstreamCallsFromEnv();
}

type Subject = {
  id: string;
  status: OrderStatus;
  provider: Provider;
  kind: OrderKind;
  action: OrderAction;
  naturalKey: string;
  upstreamRef: string | null;
  payload: unknown;
};

/** Throws a SupportActionError saying what to fix unless `ref` is this order's resource upstream. */
async function verifyUpstreamRef(order: Subject, ref: string, via: UpstreamCalls = upstream()): Promise<void> {
  if (order.action !== "create") return verifyApplied(order, ref, via);
  const other = await otherHolder(order, ref);
  if (other) throw new SupportActionError(heldByOtherMessage(order.naturalKey, ref, other));
  const r = await via.lookup(order.kind, order.naturalKey);
  if (r.kind === "absent")
    throw new SupportActionError(said("resolveAbsent", { name: order.naturalKey, ref, next: nextStep(order) }));
  if (r.kind !== "found") throw unchecked(r);
  if (r.ref !== ref)
    throw new SupportActionError(said("resolveOtherRef", { name: order.naturalKey, actual: r.ref, ref }));
  const differences = mismatchesOf(order.kind, identityOfPayload(order.kind, order.payload, order.naturalKey), r.data);
  if (differences.length)
    throw new SupportActionError(
      said("resolveMismatch", { name: order.naturalKey, ref, differences: differenceList(differences) }),
    );
}

/**
 * What the person may do next when the provider's answer does not let the order be resolved: an
 * order in `unknown` cannot be retried or cancelled (its worker looks the resource up again on
 * its next attempt, lib/orders/state-machine.ts), so its sentences say that instead.
 */
const nextStep = (order: Pick<Subject, "status">) => (order.status === "unknown" ? "worker" : "person");

/**
 * The provider could not be read: a passing failure is tried again in a moment; refused
 * credentials are not, and the person is told to have them fixed first.
 */
function unchecked(r: UncheckedReading): SupportActionError {
  return new SupportActionError(uncheckedReading(r, { auth: "resolveUncheckedAuth" }));
}

/**
 * A change, suspension or deletion is done when reading its service's resource shows it so, as the
 * worker's read-back judges it. A new password cannot be read back: the person's word stands for it.
 */
async function verifyApplied(order: Subject, ref: string, via: UpstreamCalls): Promise<void> {
  const own = order.upstreamRef ?? "";
  if (ref !== own) throw new SupportActionError(said("resolveServiceRef", { name: order.naturalKey, ref: own }));
  // With the natural key, as the worker reads back: a Qboxmail manager's 404 from the assumed GET
  // route is "deleted" only once the managers list no longer has it either.
  const r = await via.read(order.kind, own, undefined, order.naturalKey);
  if (r.kind !== "found" && r.kind !== "absent") throw unchecked(r);
  const { password: _unreadable, ...payload } = (order.payload ?? {}) as ChangePayload;
  const readBack =
    r.kind === "found" ? { found: true as const, data: r.data as Record<string, unknown> } : { found: false as const };
  const seen = judgeApplied(order.kind, order.action as ChangeAction, payload, readBack, { personChecked: true });
  if (seen === "applied") return;
  const facts = { name: order.naturalKey, ref: own, next: nextStep(order) };
  if (order.action === "delete") throw new SupportActionError(said("resolveStillThere", facts));
  if (seen === "gone") throw new SupportActionError(said("resolveGone", facts));
  throw new SupportActionError(said("resolveNotApplied", facts));
}

export async function resolveOrderByHand(viewer: Viewer, input: ResolveOrderInput): Promise<Done> {
  assertStaff(viewer);
  const order = await db().order.findUnique({
    where: { id: input.orderId },
    select: UPSTREAM_CHECK_FIELDS,
  });
  // Not found, stale and not-resolvable are reported by personStep with its own wording, before
  // any call to the provider: an order that moved on is not checked upstream for nothing.
  if (order && order.version === input.expectedVersion && canResolve(order.status))
    await verifyUpstreamRef(order, input.upstreamRef);
  try {
    return await personStep(viewer, input, {
      to: "succeeded",
      allowed: canResolve,
      verb: "marked resolved",
      // As a success the worker writes: what went wrong before is over (the order's timeline
      // keeps it). Kept, it would go on telling the reseller and the API that support is checking.
      patch: { upstreamRef: input.upstreamRef, nextAttemptAt: null, lastError: null, fieldErrors: null },
    });
  } catch (err) {
    if (!order || !isOwnershipConflict(err)) throw err;
    const other = await otherHolder(order, input.upstreamRef);
    throw new SupportActionError(heldByOtherMessage(order.naturalKey, input.upstreamRef, other));
  }
}

// Cancelling and "edit and resubmit". A reseller may cancel an order that has not started
// (pending, or queued with no attempt yet); support and admin may also cancel retrying, held and
// failed ones. Cancelling deletes the sealed secret (terminal state).
import { z } from "zod";
import { isStaff, orderingResellerId, userActor, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { isOrderDomainError } from "./errors";
import { type PlaceOrderResult, placeOrder } from "./place-order";
import { transition } from "./state-machine";

export type SimpleResult = { ok: true } | { ok: false; formError: string };

const RESELLER_CANCELLABLE: OrderStatus[] = ["pending", "queued"];
const STAFF_CANCELLABLE: OrderStatus[] = ["pending", "queued", "retrying", "held", "failed"];

async function loadScoped(user: Viewer, orderId: string) {
  if (!z.uuid().safeParse(orderId).success) return undefined;
  const resellerId = orderingResellerId(user);
  if (!resellerId && !isStaff(user)) return undefined;
  // Ownership inside the query: a reseller never loads another tenant's order.
  return db().order.findFirst({
    where: { id: orderId, ...(resellerId ? { resellerId } : {}) },
    select: {
      id: true,
      status: true,
      version: true,
      attemptCount: true,
      kind: true,
      customerId: true,
      resellerId: true,
    },
  });
}

export async function cancelOrder(user: Viewer, orderId: string, reason: string): Promise<SimpleResult> {
  const order = await loadScoped(user, orderId);
  if (!order) return { ok: false, formError: "Order not found." };
  const allowed = isStaff(user) ? STAFF_CANCELLABLE : RESELLER_CANCELLABLE;
  const started = order.status === "queued" && order.attemptCount > 0;
  if (!allowed.includes(order.status) || (!isStaff(user) && started)) {
    return { ok: false, formError: `This order is ${order.status} and can no longer be cancelled here.` };
  }
  try {
    await db().$transaction((tx) =>
      transition(tx, {
        orderId: order.id,
        from: order.status,
        to: "cancelled",
        expectedVersion: order.version,
        actor: userActor(user),
        reason: reason.trim() || "Cancelled",
      }),
    );
    return { ok: true };
  } catch (err) {
    if (isOrderDomainError(err)) return { ok: false, formError: err.message };
    throw err;
  }
}

/**
 * Edit and resubmit a failed order: a new order with the edited form, linked both ways in the
 * audit log; the failed one is cancelled so its sealed secret is deleted.
 */
export async function resubmitOrder(
  user: Viewer,
  input: { orderId: string; idempotencyKey: string; form: unknown },
): Promise<PlaceOrderResult> {
  const resellerId = orderingResellerId(user);
  const old = resellerId ? await loadScoped(user, input.orderId) : undefined;
  if (!old || !resellerId) return { ok: false, fieldErrors: {}, formError: "Order not found." };
  if (old.status !== "failed")
    return { ok: false, fieldErrors: {}, formError: "Only a failed order can be edited and resubmitted." };
  const placed = await placeOrder(
    user,
    { resellerId, customerId: old.customerId, kind: old.kind, idempotencyKey: input.idempotencyKey, form: input.form },
    { resubmittedFrom: old.id },
  );
  if (!placed.ok || placed.duplicate) return placed;
  await db()
    .$transaction((tx) =>
      transition(tx, {
        orderId: old.id,
        from: "failed",
        to: "cancelled",
        expectedVersion: old.version,
        actor: userActor(user),
        reason: `Resubmitted as order ${placed.orderId}`,
        details: { resubmittedAs: placed.orderId },
      }),
    )
    .catch((err) => {
      // The new order stands; the old one simply stays failed if someone touched it meanwhile.
      if (!isOrderDomainError(err)) throw err;
    });
  return placed;
}

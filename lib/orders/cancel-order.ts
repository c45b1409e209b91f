// A reseller's cancel and "edit and resubmit". A reseller may cancel an order that has not
// started (pending, or queued with no attempt yet); support cancels through the console's own
// action (lib/support/order-actions.ts), with a version check and a required reason.
// Cancelling deletes the sealed secret (terminal state).
import { z } from "zod";
import { orderingResellerId, userActor, type Viewer } from "@/lib/auth/session";
import { db, Prisma } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import { said } from "@/lib/i18n/sentences";
import { isOrderDomainError, StaleOrderError } from "./errors";
import { usableIdempotencyKey } from "./idempotency-key";
import { type PlaceOrderResult, placeOrder } from "./place-order";
import { transition } from "./state-machine";

/**
 * A cancel's answer. A refusal names its reason for callers that word it themselves (the API's 404,
 * and its 409 that points at the service's changes): `order` is the order that can no longer be
 * cancelled, as it stands.
 */
export type CancelResult =
  | { ok: true }
  | {
      ok: false;
      formError: string;
      /** `changedMeanwhile`: the order changed at each of three readings, nothing was cancelled. */
      refusal?: "notFound" | "notCancellable" | "changedMeanwhile";
      order?: { id: string; action: string; status: OrderStatus; serviceId: string | null };
    };

const FINISHED: OrderStatus[] = ["succeeded", "failed", "cancelled"];

const RESELLER_CANCELLABLE: OrderStatus[] = ["pending", "queued"];

/** The order if it belongs to this user's reseller; support and admin users get nothing here. */
async function loadScoped(user: Viewer, orderId: string) {
  if (!z.uuid().safeParse(orderId).success) return undefined;
  const resellerId = orderingResellerId(user);
  if (!resellerId) return undefined;
  // Ownership inside the query: a reseller never loads another tenant's order.
  return db().order.findFirst({
    where: { id: orderId, resellerId },
    select: {
      id: true,
      status: true,
      version: true,
      attemptCount: true,
      createSent: true,
      kind: true,
      action: true,
      customerId: true,
      resellerId: true,
      serviceId: true,
    },
  });
}

/** Runs SQL in a transaction: the new order's insert transaction (lib/orders/insert-order.ts). */
type Sql = <R>(statement: Prisma.Sql) => Promise<R[]>;

/**
 * Points the reseller's domain orders still waiting (pending) for `old` at the server order that
 * replaces it, each with an "order.server_replaced" audit event; the worker resolves the new one
 * when it succeeds, as for any domain placed on a server order.
 */
async function moveWaitingDomains(
  sql: Sql,
  user: Viewer,
  old: { id: string; resellerId: string },
  replacement: string,
) {
  const actor = userActor(user);
  await sql(Prisma.sql`
    WITH moved AS (
      UPDATE "order" SET depends_on_order_id = ${replacement}::uuid, version = version + 1, updated_at = now(),
        payload = jsonb_set(payload, '{homeserverOrderId}', to_jsonb(${replacement}::text))
      WHERE depends_on_order_id = ${old.id}::uuid AND reseller_id = ${old.resellerId}::uuid AND status = 'pending'
      RETURNING id)
    INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
    SELECT 'user', ${actor.id ?? null}::text, ${actor.label ?? null}::text, ${old.resellerId}::uuid, moved.id,
           'order.server_replaced', ${JSON.stringify({ dependsOnOrderId: old.id })}::jsonb,
           ${JSON.stringify({ dependsOnOrderId: replacement })}::jsonb,
           ${portalText("serverOrderReplaced", { old: old.id, order: replacement })}::text
    FROM moved ORDER BY moved.id
    RETURNING id`);
}

export async function cancelOrder(user: Viewer, orderId: string, reason: string): Promise<CancelResult> {
  // The order may change between the read and the cancel (the worker takes it, a replaced server
  // order moves it): the cancel then decides again on the order as it is, so the answer is a
  // cancel or the reason it can no longer be one, never "reload and try again", which an API
  // client cannot act on. Three readings: only a writer changing it that often gets the retry text.
  for (let reading = 1; ; reading++) {
    const decided = await cancelAsRead(user, orderId, reason);
    if (decided !== "changed") return decided;
    if (reading === 3) return { ok: false, formError: said("staleOrder"), refusal: "changedMeanwhile" };
  }
}

async function cancelAsRead(user: Viewer, orderId: string, reason: string): Promise<CancelResult | "changed"> {
  const order = await loadScoped(user, orderId);
  if (!order) return { ok: false, formError: said("orderNotFound"), refusal: "notFound" };
  // Touched by a worker, or possibly created at the provider already (an order a restore marked to
  // be looked up first, lib/orders/after-restore.ts): cancelled, it would leave that resource unowned.
  const started = (order.status === "queued" && order.attemptCount > 0) || order.createSent;
  if (!RESELLER_CANCELLABLE.includes(order.status) || started) {
    // Once the provider was asked, the way back is what undoes the result on the service's page.
    const formError = FINISHED.includes(order.status)
      ? said("notCancellableFinished", { status: order.status })
      : said("notCancellable", { action: order.action });
    const { id, action, status, serviceId } = order;
    return { ok: false, formError, refusal: "notCancellable", order: { id, action, status, serviceId } };
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
    if (err instanceof StaleOrderError) return "changed";
    if (isOrderDomainError(err)) return { ok: false, formError: err.message };
    throw err;
  }
}

/** Whether an order of the reseller holds the idempotency key. */
async function keyTaken(resellerId: string, key: string): Promise<boolean> {
  const idempotencyKey = usableIdempotencyKey(key);
  if (!idempotencyKey) return false;
  const found = await db().order.findUnique({
    where: { resellerId_idempotencyKey: { resellerId, idempotencyKey } },
    select: { id: true },
  });
  return found !== null;
}

/**
 * Edit and resubmit a failed order: a new order with the edited form, linked both ways in the
 * audit log; the failed one is cancelled so its sealed secret is deleted. The cancel commits with
 * the new order or not at all: a support retry, resolve or cancel of the old order that came
 * first makes the placement fail as "changed since you opened it", so the old and the new order
 * never both stand (two resources for one intent), and domains waiting for a server order are
 * never left behind by its replacement.
 */
export async function resubmitOrder(
  user: Viewer,
  input: { orderId: string; idempotencyKey: string; form: unknown },
): Promise<PlaceOrderResult> {
  const old = await loadScoped(user, input.orderId);
  if (!old) return { ok: false, fieldErrors: {}, formError: said("orderNotFound") };
  // The same resubmit sent again (a network retry, Back and submit) finds the old order cancelled
  // by its first sending: the key is asked first, as placeChange asks it, and placeOrder answers
  // with the order it placed (or refuses a key used for another request).
  if (old.status !== "failed" && !(await keyTaken(old.resellerId, input.idempotencyKey)))
    return { ok: false, fieldErrors: {}, formError: said("onlyFailedResubmit") };
  // A change resubmitted here would be placed as a create of the service's kind, and end the
  // failed change as cancelled, out of support's reach.
  if (old.action !== "create") return { ok: false, fieldErrors: {}, formError: said("onlyCreateResubmit") };
  try {
    return await placeOrder(
      user,
      {
        resellerId: old.resellerId,
        customerId: old.customerId,
        kind: old.kind,
        idempotencyKey: input.idempotencyKey,
        form: input.form,
      },
      {
        resubmittedFrom: old.id,
        inPlacement: async (sql, placedId) => {
          await transition(
            { $queryRaw: ((statement: Prisma.Sql) => sql(statement)) as never },
            {
              orderId: old.id,
              from: "failed",
              to: "cancelled",
              expectedVersion: old.version,
              actor: userActor(user),
              reason: portalText("resubmittedAs", { order: placedId }),
              details: { resubmittedAs: placedId },
            },
          );
          // Domain orders waiting for the failed server order wait for its replacement instead:
          // cancelled with it, they would all have to be placed again.
          if (old.kind === "grommunio_server") await moveWaitingDomains(sql, user, old, placedId);
        },
      },
    );
  } catch (err) {
    // The old order moved on since it was read (a support retry, resolve or cancel): nothing placed.
    if (isOrderDomainError(err)) return { ok: false, fieldErrors: {}, formError: said("orderChangedResubmit") };
    throw err;
  }
}

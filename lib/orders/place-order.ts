// Placing an order. The order row and its "order.placed" audit event commit
// together (one statement, insert-order.ts), then the id is enqueued. Orders start as `queued`, or as `pending` when a
// grommunio domain waits for a server ordered through the portal (the worker or the relay moves
// it on once that server has succeeded). Enqueueing may fail (Redis away): the order is accepted
// regardless and the relay dispatches it later (docs/design.md invariant 1).

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { orderingResellerId, type Viewer } from "@/lib/auth/session";
import { type Secrets, seal } from "@/lib/crypto/seal";
import { db, type Prisma } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import { said } from "@/lib/i18n/sentences";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { recordOrderPlaced } from "@/lib/metrics/record";
import { sameJson } from "@/lib/orders/same-json";
import type { FieldErrors } from "@/lib/upstream/result";
import { managerPlacementGuard } from "./domain-retirement";
import { HostnameTaken, serverCreateGuard } from "./hostname-reservation";
import { usableIdempotencyKey } from "./idempotency-key";
import { insertOrder, LIMIT_HEADROOM } from "./insert-order";
import {
  applyAccountIds,
  domainCodesError,
  homeserverDependency,
  limitMessage,
  placementContext,
} from "./order-checks";
import { secretsDifferFromFirst } from "./replayed-secrets";
import { isOrderKind, orderKinds, parseOrderForm } from "./schemas";
import { domainPlacementGuard, RetirementConflict, type ServerTarget } from "./server-retirement";
import { chooseUsableServer, noUsableServerError, usableServerError } from "./usable-servers";

export type PlaceOrderInput = {
  resellerId?: string;
  resellerSlug?: string;
  customerId: string;
  kind: string;
  idempotencyKey: string;
  form: unknown;
  /** The words for zod's own checks: the API's (lib/api/zod-messages.ts); a form checks first, in the person's language. */
  parseOptions?: z.core.ParseContext<z.core.$ZodIssue>;
};

/**
 * A new order as the placement wrote it: everything the reseller API answers with, so the answer
 * needs no read back (docs/api.md "Requests and answers"). A repeated key has none (`duplicate`).
 */
export type PlacedOrder = {
  id: string;
  kind: OrderKind;
  status: OrderStatus;
  customerId: string;
  customerName: string;
  naturalKey: string;
  displayName: string;
  /** As stored (jsonb), never the secrets. */
  payload: unknown;
  createdAt: Date;
  updatedAt: Date;
  /** The "order.placed" audit event. */
  event: { at: Date; actorLabel: string | null; reason: string | null };
};

export type PlaceOrderResult =
  | { ok: true; orderId: string; duplicate: boolean; placed?: PlacedOrder }
  | {
      ok: false;
      fieldErrors: FieldErrors;
      formError?: string;
      refusal?: PlaceOrderRefusal;
      /** `keyUsedForAnother`: the order the idempotency key placed. */
      keyHolder?: string;
    };

/**
 * Why a placement was refused, where a caller answers differently by the reason (the API's 404 or
 * 409): named here, so no caller reads it from the English text.
 */
export type PlaceOrderRefusal = "notFound" | "limit" | "keyUsedForAnother";

const fail = (formError?: string, fieldErrors: FieldErrors = {}): PlaceOrderResult => ({
  ok: false,
  fieldErrors,
  formError,
});
const refuse = (refusal: PlaceOrderRefusal, formError: string): PlaceOrderResult => ({
  ok: false,
  fieldErrors: {},
  formError,
  refusal,
});
// The customer is not one of the reseller's (removed meanwhile, or an id from elsewhere): said on
// the customer field, where the person chooses another.
const notFound = (): PlaceOrderResult => ({
  ok: false,
  fieldErrors: { customerId: [said("customerNotYours")] },
  refusal: "notFound",
});
/** The idempotency key placed another request: refused, naming the order it placed. */
const keyUsedForAnother = (order: string): PlaceOrderResult => ({
  ok: false,
  fieldErrors: {},
  formError: said("keyUsedForAnother", { order }),
  refusal: "keyUsedForAnother",
  keyHolder: order,
});

export async function placeOrder(
  user: Viewer,
  input: PlaceOrderInput,
  link?: {
    resubmittedFrom: string;
    /**
     * Runs in the new order's insert transaction, once its row is in, and throws to take the
     * placement back: ending the order it replaces (cancel-order.ts), so the two never both stand.
     */
    inPlacement?: (sql: <R>(statement: Prisma.Sql) => Promise<R[]>, orderId: string) => Promise<void>;
  },
): Promise<PlaceOrderResult> {
  const resellerId = orderingResellerId(user);
  if (!resellerId) return fail(said("resellersOnlyOrder"));
  if (input.resellerId && input.resellerId !== resellerId) return notFound();
  if (!z.uuid().safeParse(input.customerId).success) return notFound();
  if (!isOrderKind(input.kind)) return fail(said("unknownOrderKind"));
  const def = orderKinds[input.kind];
  const idempotencyKey = usableIdempotencyKey(input.idempotencyKey);
  if (!idempotencyKey) return fail(said("formExpired"));

  const ctx = await placementContext({
    resellerId,
    resellerSlug: input.resellerSlug,
    customerId: input.customerId,
    kind: def.kind,
    idempotencyKey,
  });
  if (!ctx) return notFound();

  // Nested fields keep their dotted form names ("syncPolicy.allowwifi") in the errors.
  const parsed = parseOrderForm(def.kind, input.form, input.parseOptions);
  if (!parsed.ok) return fail(parsed.formErrors[0], parsed.fieldErrors);
  const request = {
    kind: def.kind,
    customerId: ctx.customerId,
    naturalKey: parsed.naturalKey,
    // A copy: placing writes the account's ids and a chosen home server into the payload below,
    // and a racing repeat's comparison (replayOf) must see what was asked, not what was chosen.
    payload: { ...(parsed.payload as Record<string, unknown>) },
    secrets: parsed.secrets,
  };
  if (ctx.existingOrderId) return replayOf(ctx.existingOrderId, request);
  if (ctx.limitError) return refuse("limit", ctx.limitError);
  const { payload, secrets, naturalKey } = parsed;
  const fields: Record<string, unknown> = payload;
  applyAccountIds(def.kind, fields, ctx.account);
  const codesError =
    def.kind === "qboxmail_manager" ? await domainCodesError(resellerId, fields.domain_codes) : undefined;
  if (codesError) return fail(undefined, codesError);
  const dep =
    def.kind === "grommunio_domain"
      ? await homeserverDependency(resellerId, fields.homeserverOrderId)
      : { ready: true };
  if ("fieldErrors" in dep && dep.fieldErrors) return fail(undefined, dep.fieldErrors);
  const serverError =
    def.kind === "grommunio_domain" ? await usableServerError(resellerId, fields.homeserver) : undefined;
  if (serverError) return fail(undefined, serverError);
  // Empty means grommunio's automatic placement, which may pick another reseller's server: the
  // portal picks one of this reseller's instead and stores it, or refuses when there is none
  // (docs/security.md). grommunio is never sent an empty home server.
  const chosenServer =
    def.kind === "grommunio_domain" && fields.homeserver == null && fields.homeserverOrderId === undefined;
  if (chosenServer) {
    const chosen = await chooseUsableServer(resellerId, ctx.customerId);
    if (chosen === null) return fail(undefined, await noUsableServerError(resellerId));
    fields.homeserver = chosen;
  }
  // Checked again under the server's lock, in the insert's transaction: a delete of the server
  // placed meanwhile must not overtake this domain (server-retirement.ts).
  // Likewise a manager naming Qboxmail domains and a delete of one of them, open or succeeded since
  // the check of the codes above (domain-retirement.ts).
  const managerCodes =
    def.kind === "qboxmail_manager" && Array.isArray(fields.domain_codes) ? fields.domain_codes.map(String) : [];
  const boundFor: ServerTarget | undefined =
    def.kind !== "grommunio_domain"
      ? undefined
      : dep.dependsOnOrderId
        ? { serverOrderId: dep.dependsOnOrderId }
        : { serverId: Number(fields.homeserver) };

  const id = randomUUID();
  const status: OrderStatus = dep.ready ? "queued" : "pending";
  const dependsOnOrderId = dep.dependsOnOrderId ?? null;
  const actorLabel = user.email ?? user.name ?? null;
  const reason = link ? portalText("resubmittedFrom", { order: link.resubmittedFrom }) : null;
  const inserted = await insertOrder(
    {
      id,
      resellerId,
      customerId: ctx.customerId,
      createdById: user.id,
      actorLabel,
      kind: def.kind,
      provider: def.provider,
      status,
      naturalKey,
      displayName: parsed.displayName,
      payload: payload as Prisma.InputJsonValue,
      idempotencyKey,
      dependsOnOrderId,
      sealedSecret: Object.keys(secrets).length > 0 ? seal(secrets, id) : null,
      auditAfter: {
        status,
        kind: def.kind,
        naturalKey,
        customerId: ctx.customerId,
        dependsOnOrderId,
        resubmittedFrom: link?.resubmittedFrom ?? null,
        // Whether the home server was the portal's choice: a repeat that names none is the same
        // request only then (replayOf), since the stored payload holds the server either way.
        ...(def.kind === "grommunio_domain" ? { homeserverChosen: chosenServer } : {}),
      },
      reason,
    },
    {
      guarded: ctx.remaining <= LIMIT_HEADROOM,
      lockedCheck: boundFor
        ? domainPlacementGuard(resellerId, boundFor)
        : managerCodes.length > 0
          ? managerPlacementGuard(resellerId, managerCodes, { held: [] })
          : // A server's name while a rename to it is open (hostname-reservation.ts).
            def.kind === "grommunio_server"
            ? serverCreateGuard(parsed.displayName)
            : undefined,
      checkAfter: link?.inPlacement && ((sql) => link.inPlacement!(sql, id)),
      moreEventsAfter: Boolean(link?.inPlacement),
    },
  ).catch((err: unknown) => {
    if (err instanceof RetirementConflict || err instanceof HostnameTaken) return err;
    throw err;
  });
  if (inserted instanceof RetirementConflict || inserted instanceof HostnameTaken)
    return fail(inserted instanceof RetirementConflict ? inserted.formError : undefined, inserted.fieldErrors);
  if (inserted.outcome !== "placed") {
    // Two submissions with one key raced past the check above: the unique index decided. A key
    // already taken wins over the limit (the same submission again is not a new order).
    const winner = await findByKey(resellerId, idempotencyKey);
    if (winner) return replayOf(winner, request);
    if (inserted.outcome === "limit") return refuse("limit", limitMessage(def.kind, inserted.max));
    throw new Error("order insert conflicted but no order holds the idempotency key");
  }
  recordOrderPlaced(def.kind);
  if (status === "queued") await enqueueOrder({ id, provider: def.provider, version: 0 });
  const { written } = inserted;
  const placed: PlacedOrder = {
    id,
    kind: def.kind,
    status,
    customerId: ctx.customerId,
    customerName: ctx.customerName,
    naturalKey,
    displayName: parsed.displayName,
    payload: written.payload,
    createdAt: written.createdAt,
    updatedAt: written.updatedAt,
    event: { at: written.placedAt, actorLabel, reason },
  };
  return { ok: true, orderId: id, duplicate: false, placed };
}

/**
 * The answer to a key already used: the same order again when the request is the same one (a
 * double submit, a client's retry), or a refusal when the key was used for another request (other
 * kind, customer or name, or a change order): answering that one's order would tell the client
 * its new request was placed when nothing was.
 */
async function replayOf(
  orderId: string,
  request: {
    kind: string;
    customerId: string;
    naturalKey: string;
    payload: Record<string, unknown>;
    secrets?: Secrets;
  },
): Promise<PlaceOrderResult> {
  const first = await db().order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      kind: true,
      customerId: true,
      naturalKey: true,
      action: true,
      payload: true,
      sealedSecret: true,
    },
  });
  const same =
    first?.action === "create" &&
    first.kind === request.kind &&
    first.customerId === request.customerId &&
    first.naturalKey === request.naturalKey &&
    sameSettings(first.payload, await asStoredNow(orderId, first.payload, request.payload), {
      serverChosen: await serverChosenFor(orderId, first.kind, request.payload),
    }) &&
    !secretsDifferFromFirst(first, request.secrets);
  return same ? { ok: true, orderId, duplicate: true } : keyUsedForAnother(orderId);
}

/**
 * A repeated request as the first one's stored payload would read it now: a domain order waiting
 * for a server order that failed and was resubmitted waits for the new one, its payload's
 * `homeserverOrderId` rewritten ("order.server_replaced", lib/orders/cancel-order.ts). A client
 * repeating its request names the server order it first named, and that is still the same request.
 */
async function asStoredNow(
  orderId: string,
  stored: unknown,
  next: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const now = (stored as { homeserverOrderId?: unknown } | null)?.homeserverOrderId;
  const named = next.homeserverOrderId;
  if (typeof named !== "string" || typeof now !== "string" || named === now) return next;
  const replaced = await db().auditEvent.findMany({
    where: { orderId, action: "order.server_replaced" },
    select: { before: true },
  });
  const replacedIds = replaced.map((e) => (e.before as { dependsOnOrderId?: unknown } | null)?.dependsOnOrderId);
  return replacedIds.includes(named) ? { ...next, homeserverOrderId: now } : next;
}

// Written at placement rather than sent: the account's upstream ids, and a home server the portal
// chose when the request named none.
const PLACEMENT_WRITTEN = new Set(["customer_code", "outbound_limit_id", "orgID"]);

/**
 * Whether a repeated request asks for what the first one stored: the same value for every setting
 * either one gives (passwords are sealed, so not compared). A client retrying with another limit
 * under the same key would otherwise be answered with the first order as if its own were placed.
 */
function sameSettings(
  stored: unknown,
  next: Record<string, unknown>,
  o: { serverChosen: boolean | undefined },
): boolean {
  const first = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const given = (v: unknown) => v !== undefined && v !== null;
  const names = new Set([...Object.keys(first), ...Object.keys(next)]);
  for (const name of names) {
    if (PLACEMENT_WRITTEN.has(name)) continue;
    // A repeat that names no server asked the portal to choose, as the first did, unless the first
    // named one itself. Orders placed before that was recorded (undefined) are given the benefit.
    if (name === "homeserver" && !given(next[name]) && o.serverChosen !== false) continue;
    if (!given(first[name]) && !given(next[name])) continue;
    if (!sameJson(first[name], next[name])) return false;
  }
  return true;
}

/**
 * For a repeated grommunio domain order that names no home server: whether the first order's
 * server was the portal's choice, as its "order.placed" event recorded. Undefined when there is
 * nothing to ask (another kind, a server named) or the event predates the record.
 */
async function serverChosenFor(
  orderId: string,
  kind: string | undefined,
  next: Record<string, unknown>,
): Promise<boolean | undefined> {
  if (kind !== "grommunio_domain" || next.homeserver != null || next.homeserverOrderId !== undefined) return undefined;
  const placed = await db().auditEvent.findFirst({
    where: { chainKey: `order:${orderId}`, action: "order.placed" },
    select: { after: true },
  });
  const chosen = (placed?.after as { homeserverChosen?: unknown } | null)?.homeserverChosen;
  return typeof chosen === "boolean" ? chosen : undefined;
}

async function findByKey(resellerId: string, idempotencyKey: string): Promise<string | undefined> {
  const row = await db().order.findUnique({
    where: { resellerId_idempotencyKey: { resellerId, idempotencyKey } },
    select: { id: true },
  });
  return row?.id;
}

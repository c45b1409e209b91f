// Placing an order (issue 4 part 2). The order row and its "order.placed" audit event commit in
// one transaction, then the id is enqueued. Orders start as `queued`, or as `pending` when a
// grommunio domain waits for a server ordered through the portal (the worker or the relay moves
// it on once that server has succeeded). Enqueueing may fail (Redis away): the order is accepted
// regardless and the relay dispatches it later (DESIGN.md invariant 1).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { seal } from "@/lib/crypto/seal";
import { db, Prisma } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import type { FieldErrors } from "@/lib/upstream/result";
import { domainCodesError, homeserverDependency, limitError } from "./order-checks";
import { orderingResellerId, type OrderUser } from "./order-user";
import { fieldErrorsOf, orderKinds } from "./schemas";

export type PlaceOrderInput = {
  resellerId?: string;
  resellerSlug?: string;
  customerId: string;
  kind: string;
  idempotencyKey: string;
  form: unknown;
};

export type PlaceOrderResult =
  | { ok: true; orderId: string; duplicate: boolean }
  | { ok: false; fieldErrors: FieldErrors; formError?: string };

const fail = (formError?: string, fieldErrors: FieldErrors = {}): PlaceOrderResult => ({ ok: false, fieldErrors, formError });
const NOT_FOUND = "Not found.";

export async function placeOrder(user: OrderUser, input: PlaceOrderInput, link?: { resubmittedFrom: string }): Promise<PlaceOrderResult> {
  const resellerId = orderingResellerId(user);
  if (!resellerId) return fail("Only reseller accounts can place orders.");
  if (input.resellerId && input.resellerId !== resellerId) return fail(NOT_FOUND);
  const reseller = await db().reseller.findFirst({
    where: { id: resellerId, ...(input.resellerSlug ? { slug: input.resellerSlug } : {}) },
    select: { id: true, maxDomains: true, maxManagers: true, maxServers: true },
  });
  if (!reseller) return fail(NOT_FOUND);
  if (!z.uuid().safeParse(input.customerId).success) return fail(NOT_FOUND);
  const customer = await db().customer.findFirst({ where: { id: input.customerId, resellerId }, select: { id: true } });
  if (!customer) return fail(NOT_FOUND);
  const def = Object.hasOwn(orderKinds, input.kind) ? orderKinds[input.kind as OrderKind] : undefined;
  if (!def) return fail("Unknown order kind.");
  const idempotencyKey = input.idempotencyKey.trim();
  if (idempotencyKey.length < 8 || idempotencyKey.length > 100) return fail("The form expired; reload the page and submit again.");

  const existing = await findByKey(resellerId, idempotencyKey);
  if (existing) return { ok: true, orderId: existing, duplicate: true };

  const parsed = def.formSchema.safeParse(input.form);
  if (!parsed.success) {
    // Like z.flattenError, but nested fields keep their dotted form names ("syncPolicy.allowwifi").
    const { fieldErrors, formErrors } = fieldErrorsOf(parsed.error);
    return fail(formErrors[0], fieldErrors);
  }
  const { payload, secrets } = def.split(parsed.data);
  const fields = payload as Record<string, unknown>;

  const overLimit = await limitError(resellerId, def.kind, reseller);
  if (overLimit) return fail(overLimit);
  const codesError = def.kind === "qboxmail_manager" ? await domainCodesError(resellerId, fields.domain_codes) : undefined;
  if (codesError) return fail(undefined, codesError);
  const dep = def.kind === "grommunio_domain" ? await homeserverDependency(resellerId, fields.homeserverOrderId) : { ready: true };
  if ("fieldErrors" in dep && dep.fieldErrors) return fail(undefined, dep.fieldErrors);

  const id = randomUUID();
  const status = dep.ready ? "queued" : "pending";
  const naturalKey = def.naturalKey(payload);
  const hasSecrets = Object.keys(secrets).length > 0;
  try {
    await db().$transaction([
      db().order.create({
        data: {
          id, resellerId, customerId: customer.id, createdById: user.id, kind: def.kind, provider: def.provider, status,
          naturalKey, displayName: def.displayName(payload), payload: payload as Prisma.InputJsonValue,
          sealedSecret: hasSecrets ? new Uint8Array(seal(secrets, id)) : null,
          idempotencyKey, dependsOnOrderId: dep.dependsOnOrderId ?? null, queuedAt: status === "queued" ? new Date() : null,
        },
        select: { id: true },
      }),
      db().auditEvent.create({
        data: {
          actorType: "user", actorId: user.id, actorLabel: user.email ?? user.name ?? null, resellerId, orderId: id,
          action: "order.placed",
          after: { status, kind: def.kind, naturalKey, customerId: customer.id, dependsOnOrderId: dep.dependsOnOrderId ?? null, resubmittedFrom: link?.resubmittedFrom ?? null },
          reason: link ? `Resubmitted from order ${link.resubmittedFrom}` : null,
        },
        select: { id: true },
      }),
    ]);
  } catch (err) {
    // Two submissions with one key raced past the check above: the unique index decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const winner = await findByKey(resellerId, idempotencyKey);
      if (winner) return { ok: true, orderId: winner, duplicate: true };
    }
    throw err;
  }
  if (status === "queued") await enqueueOrder({ id, provider: def.provider, version: 0 });
  return { ok: true, orderId: id, duplicate: false };
}

async function findByKey(resellerId: string, idempotencyKey: string): Promise<string | undefined> {
  const row = await db().order.findUnique({ where: { resellerId_idempotencyKey: { resellerId, idempotencyKey } }, select: { id: true } });
  return row?.id;
}

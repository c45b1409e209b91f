// Webhook endpoints and their deliveries, for the reseller's pages. Every query is scoped by the
// reseller inside it. The signing secret is shown once at creation (and at each rotation) and kept
// sealed (it is needed again to sign), like order passwords.
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Viewer } from "@/lib/auth/session";
import { open, seal } from "@/lib/crypto/seal";
import { isUuid } from "@/lib/customers/queries";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import type { FieldErrors } from "@/lib/forms/field-errors";
import { v } from "@/lib/i18n/validation";
import { WEBHOOK_EVENT_TYPES } from "./events";
import { webhookUrlProblem } from "./target";

type Person = Viewer & { resellerId: string };

const endpointSchema = z.object({
  url: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z
      .string({ error: v("webhookAddressMissing") })
      .min(1, v("webhookAddressMissing"))
      .max(2000, v("tooLong", { max: 2000 }))
      .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE),
  ),
  events: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, v("eventMissing")),
  ),
  description: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
    z
      .string()
      .max(200, v("tooLong", { max: 200 }))
      .refine((s) => !hasControlChars(s), CONTROL_CHARS_MESSAGE)
      .optional(),
  ),
});

const sealId = (endpointId: string) => `webhook:${endpointId}`;

/** The endpoint's signing secret (worker only; never logged). */
export function openSecret(endpointId: string, sealed: Uint8Array): string {
  return open(sealed, sealId(endpointId)).secret!;
}

/** Standard Webhooks secret format: "whsec_" + base64 of 24..64 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export type CreateEndpointResult = { ok: true; id: string; secret: string } | { ok: false; fieldErrors: FieldErrors };

export async function createWebhookEndpoint(user: Person, input: unknown): Promise<CreateEndpointResult> {
  const parsed = endpointSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const urlProblem = await webhookUrlProblem(parsed.data.url, env().WEBHOOK_ALLOW_PRIVATE_TARGETS);
  if (urlProblem) return { ok: false, fieldErrors: { url: [urlProblem] } };
  const id = randomUUID();
  const secret = newSecret();
  const events = [...new Set(parsed.data.events)];
  await db().$transaction(async (tx) => {
    await tx.webhookEndpoint.create({
      data: {
        id,
        resellerId: user.resellerId,
        url: parsed.data.url,
        events,
        description: parsed.data.description ?? null,
        sealedSecret: new Uint8Array(seal({ secret }, sealId(id))),
      },
      select: { id: true },
    });
    await auditEndpoint(tx, user, "webhook_endpoint.created", { endpointId: id, url: parsed.data.url, events });
  });
  return { ok: true, id, secret };
}

/** What the endpoint pages show: never the signing secret. */
const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  events: true,
  description: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  // Until when the secret before a rotation still signs: a time, never the secret.
  previousUntil: true,
} satisfies Prisma.WebhookEndpointSelect;

export function listWebhookEndpoints(resellerId: string) {
  return db().webhookEndpoint.findMany({
    where: { resellerId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: ENDPOINT_FIELDS,
  });
}

export async function getWebhookEndpoint(resellerId: string, id: string) {
  if (!isUuid(id)) return null;
  return db().webhookEndpoint.findFirst({
    where: { id, resellerId },
    select: ENDPOINT_FIELDS,
  });
}

export const DELIVERY_PAGE = 100;

/** The endpoint's newest deliveries (status, last response code and time). */
export async function listDeliveries(resellerId: string, endpointId: string) {
  if (!isUuid(endpointId)) return [];
  return db().webhookDelivery.findMany({
    where: { endpointId, resellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_PAGE,
    select: {
      id: true,
      orderId: true,
      eventType: true,
      status: true,
      attemptCount: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
    },
  });
}

/** Sends a delivery again now, with a fresh round of retries and the same webhook-id. */
export async function resendDelivery(resellerId: string, deliveryId: string): Promise<boolean> {
  if (!isUuid(deliveryId)) return false;
  const { count } = await db().webhookDelivery.updateMany({
    where: { id: deliveryId, resellerId, endpoint: { disabledAt: null } },
    data: { status: "pending", attemptCount: 0, nextAttemptAt: new Date() },
  });
  return count === 1;
}

/** One audit event for a person's change to one of the reseller's endpoints. */
function auditEndpoint(
  tx: Prisma.TransactionClient,
  user: Person,
  action: string,
  after: { endpointId: string } & Prisma.InputJsonObject,
) {
  return recordAudit(tx, {
    actor: { type: "user", id: user.id, label: user.email ?? undefined },
    action,
    resellerId: user.resellerId,
    after,
  });
}

/** How long deliveries are signed with the secret before a rotation too: time to switch over. */
export const PREVIOUS_SECRET_HOURS = 24;

export type RotateSecretResult = { ok: true; secret: string; previousUntil: Date } | { ok: false };

/**
 * A new signing secret, shown once. The one before it keeps signing alongside for
 * PREVIOUS_SECRET_HOURS (each delivery carries both signatures), so a receiver that switches to the
 * new secret in that time misses nothing; a rotation within that time drops the oldest secret.
 */
export async function rotateWebhookSecret(user: Person, id: string): Promise<RotateSecretResult> {
  if (!isUuid(id)) return { ok: false };
  const secret = newSecret();
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ previous_until: Date }[]>`
      UPDATE webhook_endpoint SET previous_sealed_secret = sealed_secret, sealed_secret = ${new Uint8Array(seal({ secret }, sealId(id)))},
        previous_until = now() + ${`${PREVIOUS_SECRET_HOURS} hours`}::interval
      WHERE id = ${id}::uuid AND reseller_id = ${user.resellerId}::uuid
      RETURNING previous_until`;
    if (!row) return { ok: false };
    await auditEndpoint(tx, user, "webhook_endpoint.secret_rotated", {
      endpointId: id,
      previousSecretUntil: row.previous_until.toISOString(),
    });
    return { ok: true, secret, previousUntil: row.previous_until };
  });
}

/**
 * Turns a disabled endpoint back on. The deliveries that waited while it was off (those pending
 * when it was disabled, and every event since) are due at once, each with a fresh round of retries.
 * All get the same next_attempt_at; the claim breaks that tie by created_at, then id, so they go
 * out oldest first (deliver.ts claimDueDeliveries, docs/webhooks.md "Failing endpoints").
 */
export async function enableWebhookEndpoint(user: Person, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id, resellerId: user.resellerId, disabledAt: { not: null } },
      data: { disabledAt: null, disabledReason: null, failingSince: null },
    });
    if (count !== 1) return false;
    const waited = await tx.webhookDelivery.updateMany({
      where: { endpointId: id, resellerId: user.resellerId, status: "pending" },
      data: { attemptCount: 0, nextAttemptAt: new Date() },
    });
    await auditEndpoint(tx, user, "webhook_endpoint.enabled", { endpointId: id, waitingDeliveries: waited.count });
    return true;
  });
}

export async function deleteWebhookEndpoint(user: Person, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id, resellerId: user.resellerId } });
    if (count === 1) await auditEndpoint(tx, user, "webhook_endpoint.deleted", { endpointId: id });
    return count === 1;
  });
}

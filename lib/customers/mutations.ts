// Creating and editing customers. Validation here is the truth; the form's checks are hints.
// Each change and its audit event (customer.create / customer.update, naming who did it through
// the page or an API token) commit together. The notes are free text: the audit row says that
// they changed, not what they say.

import { createHash } from "node:crypto";
import type { z } from "zod";
import { type Actor, recordAudit } from "@/lib/audit/record-audit";
import { db, Prisma } from "@/lib/db";
import { invalid } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { nextRowVersion, readRowVersions } from "@/lib/forms/row-version";
import { said } from "@/lib/i18n/sentences";
import { v } from "@/lib/i18n/validation";
import { isUuid } from "./queries";
import { type CustomerField, customerFormValues, customerSchema } from "./schemas";

type ParseOptions = z.core.ParseContext<z.core.$ZodIssue>;

// A validation message (v()), so the form shows it in the person's language while the API keeps
// this English (docs/i18n.md "Validation messages").
const DUPLICATE_NAME = v("customerNameTaken");

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

type Fields = { name: string; email: string | null; reference: string | null; notes: string | null };
const audited = (c: Fields) => ({ name: c.name, email: c.email, reference: c.reference, hasNotes: Boolean(c.notes) });

/**
 * A new customer. `idempotencyKey` (the API's header) makes the request safe to repeat: the same
 * key with the same fields answers the customer it created (`replayed`), with other fields it is
 * refused, and nothing is created twice (docs/api.md "Requests and answers").
 */
export async function createCustomer(
  resellerId: string,
  input: unknown,
  actor: Actor,
  idempotencyKey?: string,
  /** The API's: a JSON value of the wrong type is told in its words (lib/api/zod-messages.ts). */
  parseOptions?: ParseOptions,
): Promise<FormResult<{ id: string; replayed?: true }>> {
  const parsed = customerSchema.safeParse(input, parseOptions);
  if (!parsed.success) return invalid(parsed.error);
  const request = idempotencyKey ? requestDigest(parsed.data) : undefined;
  if (idempotencyKey && request) {
    const earlier = await replayOf(resellerId, idempotencyKey, request);
    if (earlier) return earlier;
  }
  try {
    const row = await db().$transaction(async (tx) => {
      const c = await tx.customer.create({
        data: { resellerId, ...parsed.data, idempotencyKey, idempotencyRequest: request },
        select: { id: true, name: true, email: true, reference: true, notes: true },
      });
      await recordAudit(tx, {
        actor,
        action: "customer.create",
        resellerId,
        after: { customerId: c.id, ...audited(c) },
      });
      return { id: c.id };
    });
    return { ok: true, data: row };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two requests with one key at once: the one that committed answers the other too.
    const earlier = idempotencyKey && request ? await replayOf(resellerId, idempotencyKey, request) : undefined;
    return earlier ?? { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
  }
}

/** What a create asked, as a digest: key order and absent-versus-empty do not matter. */
function requestDigest(fields: { name: string; email?: string; reference?: string; notes?: string }): string {
  const canonical = [fields.name, fields.email ?? null, fields.reference ?? null, fields.notes ?? null];
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/** The customer an earlier request with this key created, or a refusal when it asked for another. */
async function replayOf(
  resellerId: string,
  idempotencyKey: string,
  request: string,
): Promise<FormResult<{ id: string; replayed: true }> | undefined> {
  const earlier = await db().customer.findUnique({
    where: { resellerId_idempotencyKey: { resellerId, idempotencyKey } },
    select: { id: true, idempotencyRequest: true },
  });
  if (!earlier) return undefined;
  if (earlier.idempotencyRequest === request) return { ok: true, data: { id: earlier.id, replayed: true } };
  return { ok: false, fieldErrors: {}, formError: said("customerKeyUsedForAnother", { customer: earlier.id }) };
}

/** An update refused because the customer changed since the editor read it; `updatedAt` is the row's now. */
export type ChangedMeanwhile = {
  ok: false;
  fieldErrors: Record<string, never>;
  formError: string;
  updatedAt: Date;
  /** The customer as the other edit left it, as the form's fields hold values. */
  current: Record<CustomerField, string>;
};

/**
 * Replaces the customer's four fields. `seen` is what the editor read: the customer's `updatedAt`
 * as the edit page showed it (its hidden field) or as the API's ETag named it (If-Match), read by
 * readRowVersions(). The row is locked and compared in this transaction, and a row changed since is
 * refused (ChangedMeanwhile) instead of undoing the other person's edit with the old copy's fields.
 * Without `seen` (the API without If-Match) the last write wins, as before (docs/api.md
 * "Requests and answers").
 */
export async function updateCustomer(
  resellerId: string,
  id: string,
  input: unknown,
  actor: Actor,
  seen?: { updatedAt: unknown },
  /** As createCustomer's. */
  parseOptions?: ParseOptions,
): Promise<FormResult<{ id: string }> | ChangedMeanwhile> {
  const parsed = customerSchema.safeParse(input, parseOptions);
  if (!parsed.success) return invalid(parsed.error);
  const notFound: FormResult<never> = { ok: false, fieldErrors: {}, formError: said("customerGone") };
  if (!isUuid(id)) return notFound;
  // Optional fields left blank are cleared, not kept: the form shows every field.
  const data = {
    name: parsed.data.name,
    email: parsed.data.email ?? null,
    reference: parsed.data.reference ?? null,
    notes: parsed.data.notes ?? null,
  };
  const versions = seen ? readRowVersions(seen.updatedAt) : undefined;
  try {
    const updated = await db().$transaction(async (tx) => {
      // Locked, so the audit's "before" is the row this update replaced and no other edit can
      // come between the version check and the write.
      const [before] = await tx.$queryRaw<Array<Fields & { updated_at: Date }>>`
        SELECT name, email, reference, notes, updated_at FROM customer
        WHERE id = ${id}::uuid AND reseller_id = ${resellerId}::uuid FOR UPDATE`;
      if (!before) return false;
      if (versions && !versions.includes(before.updated_at.getTime()))
        return { changedAt: before.updated_at, current: customerFormValues(before) } as const;
      const updatedAt = nextRowVersion(before.updated_at);
      await tx.customer.update({ where: { id }, data: { ...data, updatedAt } });
      const was = audited(before);
      const now = audited(data);
      const changed = (Object.keys(now) as Array<keyof typeof now>).filter((k) => was[k] !== now[k]);
      await recordAudit(tx, {
        actor,
        action: "customer.update",
        resellerId,
        before: { customerId: id, ...Object.fromEntries(changed.map((k) => [k, was[k]])) },
        after: {
          customerId: id,
          ...Object.fromEntries(changed.map((k) => [k, now[k]])),
          ...(before.notes !== data.notes ? { notesChanged: true } : {}),
        },
      });
      return true;
    });
    if (updated === false) return notFound;
    if (updated !== true)
      return {
        ok: false,
        fieldErrors: {},
        formError: said("customerChangedMeanwhile"),
        updatedAt: updated.changedAt,
        current: updated.current,
      };
    return { ok: true, data: { id } };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, fieldErrors: { name: [DUPLICATE_NAME] } };
    throw err;
  }
}

// An administrator's purge of a grommunio domain (docs/lifecycle.md "Purge"): a delete order with
// `purge: true`, through the same pipeline as every change. grommunio's ordinary delete is soft
// (the domain keeps its name taken); a purge removes it for good, and is offered on a live
// domain and on one a reseller already deleted (to free the name). Resellers cannot order it:
// this function admits administrators only, and placeChange refuses any purge flag.

import { assertAdmin, assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { reasonSchema } from "@/lib/forms/reason";
import { said } from "@/lib/i18n/sentences";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { confirmNameError, insertChangeOrder, type PlaceChangeResult, sameDeleteChoice } from "./place-change";

/** `deleteFiles`: remove the domain's mailbox files at grommunio too (unchecked: they stay on disk). */
export type PlacePurgeInput = {
  serviceId: string;
  idempotencyKey: string;
  confirmName?: string;
  deleteFiles?: boolean;
  /** Why the administrator purges it: required (as support's order actions' reasons), kept in the order's audit event. */
  reason?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fail = (formError?: string, fieldErrors = {}): PlaceChangeResult => ({ ok: false, fieldErrors, formError });

/** Why this service cannot be purged, or undefined when it can (for the page and the action). */
export function purgeRefusal(service: { kind: string; status: string }): string | undefined {
  if (service.kind !== "grommunio_domain") return said("purgeOnlyDomains");
  if (service.status === "gone") return said("purgeGone");
  return undefined;
}

/** The succeeded purge of this service, if there was one: grommunio has nothing left to purge. Staff only. */
export async function purgedBy(viewer: Viewer, serviceId: string): Promise<string | undefined> {
  assertStaff(viewer);
  const done = await db().order.findFirst({
    where: { serviceId, action: "delete", status: "succeeded", payload: { path: ["purge"], equals: true } },
    select: { id: true },
  });
  return done?.id;
}

export async function placePurge(viewer: Viewer, input: PlacePurgeInput): Promise<PlaceChangeResult> {
  assertAdmin(viewer);
  if (!UUID.test(input.serviceId)) return fail(said("serviceNotFound"));
  // Administrators act for every reseller; the order is written to the service's own reseller.
  const service = await db().service.findUnique({ where: { id: input.serviceId } });
  if (!service) return fail(said("serviceNotFound"));
  const idempotencyKey = usableIdempotencyKey(input.idempotencyKey);
  if (!idempotencyKey) return fail(said("formExpired"));
  const existing = await db().order.findUnique({
    where: { resellerId_idempotencyKey: { resellerId: service.resellerId, idempotencyKey } },
    select: { id: true, action: true, serviceId: true, payload: true },
  });
  if (existing) {
    const stored = existing.payload as { purge?: unknown; deleteFiles?: unknown } | null;
    const samePurge = existing.action === "delete" && existing.serviceId === service.id && stored?.purge === true;
    if (!samePurge) return fail(said("formUsedForAnother"));
    // The same form sent again with the other choice for the mailbox files (the first answer lost,
    // the box changed meanwhile) is not that purge: answering with it would say the files are
    // kept while the first order deletes them, or the other way round.
    if (!sameDeleteChoice(stored, { purge: true, deleteFiles: input.deleteFiles === true }))
      return fail(
        said(stored.deleteFiles === true ? "purgePlacedDeletingFiles" : "purgePlacedKeepingFiles", {
          order: existing.id,
        }),
      );
    return { ok: true, orderId: existing.id, duplicate: true };
  }
  const refusal = purgeRefusal(service);
  if (refusal) return fail(refusal);
  const purged = await purgedBy(viewer, service.id);
  if (purged) return fail(said("purgeDone", { order: purged }));
  const wrongName = confirmNameError(service, input.confirmName, "purge");
  const reason = reasonSchema.safeParse(input.reason);
  if (wrongName || !reason.success)
    return fail(undefined, {
      ...wrongName,
      ...(reason.success ? {} : { reason: reason.error.issues.map((i) => i.message) }),
    });
  const deleteFiles = input.deleteFiles === true;
  // The administrator's own words: what the purge removes is in the event's `after` (purge, deleteFiles).
  return insertChangeOrder(
    viewer,
    service,
    "delete",
    { purge: true, ...(deleteFiles ? { deleteFiles: true } : {}) },
    idempotencyKey,
    reason.data,
  );
}

// Placing a change order for a service (docs/lifecycle.md): the same pipeline as a create. The
// order row and its "order.placed" audit event commit in one statement; then the id is enqueued
// (the relay picks it up if Redis is away). One change at a time per service, enforced by a
// partial unique index; a delete asks for the service's name to be typed.

import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { orderingResellerId, type Viewer } from "@/lib/auth/session";
import { type Secrets, seal } from "@/lib/crypto/seal";
import { db, type Prisma } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { vTyped } from "@/lib/i18n/validation";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { changeTargetProblem } from "@/lib/orders/change-target";
import { domainDeleteGuard, managerPlacementGuard, NamedDomainsNotLive } from "@/lib/orders/domain-retirement";
import { isOpenChangeConflict } from "@/lib/orders/errors";
import { HostnameTaken, serverRenameGuard } from "@/lib/orders/hostname-reservation";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { insertOrder } from "@/lib/orders/insert-order";
import { managerDomainsChangeError } from "@/lib/orders/order-checks";
import { secretsDifferFromFirst } from "@/lib/orders/replayed-secrets";
import { sameJson } from "@/lib/orders/same-json";
import { fieldErrorsOf } from "@/lib/orders/schemas";
import { RetirementConflict, serverDeleteGuard } from "@/lib/orders/server-retirement";
import type { FieldErrors } from "@/lib/upstream/result";
import {
  refusedBySettings,
  takesHeldCatchAllDestination,
  withHeldCatchAllDestination,
} from "./change-against-settings";
import {
  ACTIONS_BY_KIND,
  CHANGE_SCHEMAS,
  type ChangeAction,
  type ChangePayload,
  newHostname,
  PASSWORD_PAIRS,
  splitPassword,
} from "./change-kinds";
import { type LiveReading, refreshService, refreshUnlessRecent } from "./read-live";
import { settingsVersion } from "./settings-version";
import { listsBefore } from "./whole-lists";

export type PlaceChangeInput = {
  serviceId: string;
  action: string;
  idempotencyKey: string;
  /**
   * The fields of a "change" (ignored by the other actions), or how to read them from a form once
   * the service's kind is known (change-fields.ts).
   */
  form?: unknown | ((kind: OrderKind) => unknown);
  /**
   * A form's check that what it sends still starts from what the provider holds: the names of
   * the sent fields that differ now from what the page showed (change-fields.ts). The API sets
   * what it sends and has none.
   */
  changedSince?: (kind: OrderKind, current: Record<string, unknown>) => string[];
  /**
   * An API request's If-Match: the settings versions (settings-version.ts) the client's request
   * starts from. Any action is placed only while the provider's settings are at one of them;
   * undefined: unchecked.
   */
  expectedVersions?: string[];
  /** A delete: the service's name as the person typed it. */
  confirmName?: string;
  /** Whatever the request said about purging: anything but absent or false is refused here. */
  purge?: unknown;
  /** zod's own wording: in the person's language for a form, the API's for the API (lib/api/zod-messages.ts). */
  parseOptions?: z.core.ParseContext<z.core.$ZodIssue>;
};

/** A reseller's delete is always soft; purging is an administrator's decision (place-purge.ts). */
export const PURGE_REFUSED = said("purgeRefused");

export type PlaceChangeResult =
  | { ok: true; orderId: string; duplicate: boolean }
  | {
      ok: false;
      fieldErrors: FieldErrors;
      formError?: string;
      refusal?: PlaceChangeRefusal;
      /** The settings are no longer at a version the request named: the version they are at now. */
      staleVersion?: string;
      /** `keyUsedForAnother`: the order the idempotency key placed. */
      keyHolder?: string;
    };

/**
 * Why a change was refused, where a caller answers differently by the reason (the API's 404, 403
 * or 409): named here, so no caller reads it from the English text.
 * - `blockedByOpenOrders`: a grommunio server delete while domain orders bound for it are open;
 * - `changeRunning`: another order of the service is open; `serviceEnded`: nothing left to change;
 * - `waitsForActivation`: a disable of a Qboxmail domain still waiting for its ownership check;
 * - `settingsUnverifiable`: If-Match cannot be checked now (see changedSinceRead);
 * - `keyUsedForAnother`: the idempotency key placed another request (`keyHolder`).
 */
export type PlaceChangeRefusal =
  | "notFound"
  | "keyUsedForAnother"
  | "purgeRefused"
  | "changeRunning"
  | "serviceEnded"
  | "blockedByOpenOrders"
  | "settingsUnverifiable"
  | "waitsForActivation";

const fail = (formError?: string, fieldErrors: FieldErrors = {}): PlaceChangeResult => ({
  ok: false,
  fieldErrors,
  formError,
});
const refuse = (
  refusal: PlaceChangeRefusal,
  formError: string | undefined,
  fieldErrors: FieldErrors = {},
): PlaceChangeResult => ({
  ok: false,
  fieldErrors,
  formError,
  refusal,
});
/** The idempotency key placed another request: refused, naming the order it placed. */
const keyUsedForAnother = (order: string): PlaceChangeResult => ({
  ok: false,
  fieldErrors: {},
  formError: said("keyUsedForAnother", { order }),
  refusal: "keyUsedForAnother",
  keyHolder: order,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a stored change and a new one set the same values (key order aside) and both carry a password or neither. */
function sameChange(stored: unknown, next: ChangePayload): boolean {
  const s = (stored ?? {}) as ChangePayload;
  return sameJson(s.set ?? {}, next.set ?? {}) && (s.password === true) === (next.password === true);
}

/** The order a reseller's idempotency key already placed, if any. */
function orderByKey(resellerId: string, idempotencyKey: string) {
  return db().order.findUnique({
    where: { resellerId_idempotencyKey: { resellerId, idempotencyKey } },
    select: { id: true, serviceId: true, action: true, payload: true, sealedSecret: true },
  });
}

export async function placeChange(user: Viewer, input: PlaceChangeInput): Promise<PlaceChangeResult> {
  const resellerId = orderingResellerId(user);
  if (!resellerId) return fail(said("onlyResellersChange"));
  if (!UUID.test(input.serviceId)) return refuse("notFound", said("serviceNotFound"));
  const service = await db().service.findFirst({ where: { id: input.serviceId, resellerId } });
  if (!service) return refuse("notFound", said("serviceNotFound"));
  const idempotencyKey = usableIdempotencyKey(input.idempotencyKey);
  if (!idempotencyKey) return fail(said("formExpired"));
  // Refused before the key is looked at: a purge sent with a soft delete's key is not that delete.
  if (input.purge !== undefined && input.purge !== false) return refuse("purgeRefused", PURGE_REFUSED);
  const existing = await orderByKey(resellerId, idempotencyKey);
  // The same key again: the same order for the same request (checked below, once the change is
  // parsed), a refusal for another one (another service or action, or a create).
  if (existing && (existing.serviceId !== service.id || existing.action !== input.action))
    return keyUsedForAnother(existing.id);
  if (existing && input.action === "delete") {
    // A repeated delete is the same request only with the name typed again: one that names nothing
    // of this service is refused as it would have been the first time, not answered as placed.
    const wrongName = confirmNameError(service, input.confirmName, "deletion");
    if (wrongName) return fail(undefined, wrongName);
    // A reseller's delete is soft: a key an administrator's purge holds (place-purge.ts) placed
    // another request, judged as the racing path judges it (sameRequest).
    if (!sameDeleteChoice(existing.payload, { purge: false })) return keyUsedForAnother(existing.id);
  }
  if (existing && input.action !== "change") return { ok: true, orderId: existing.id, duplicate: true };
  if (!existing && service.status !== "active") return refuse("serviceEnded", said("serviceEndedChange"));
  const action = input.action as ChangeAction;
  if (!ACTIONS_BY_KIND[service.kind].includes(action)) return fail(said("actionNotOffered", { kind: service.kind }));
  if (action === "suspend" && (await waitsForOwnershipCheck(service)))
    return refuse("waitsForActivation", said("disableWaitsForActivation"));

  let payload: ChangePayload = {};
  let secrets: Secrets | undefined;
  let managerHolds: string[] | undefined;
  // The reading the change is judged on: the last one, or for a manager's domains the one asked.
  let startedFrom: unknown = service.settings;
  // A reading asked for that list, used again by the check below instead of a second read.
  let listReading: LiveReading | undefined;
  if (action === "change") {
    const form = typeof input.form === "function" ? input.form(service.kind) : input.form;
    const parsed = CHANGE_SCHEMAS[service.kind].safeParse(form ?? {}, input.parseOptions);
    if (!parsed.success) {
      const { fieldErrors, formErrors } = fieldErrorsOf(parsed.error);
      return fail(formErrors[0], fieldErrors);
    }
    const split = splitPassword(service.kind, parsed.data as Record<string, unknown>);
    const { password } = split;
    const set = withHeldCatchAllDestination(service.kind, split.set, await settingsToComplete(service, split.set));
    // The password is sealed as on create (same key, the order's id bound in); the stored payload
    // and its audit event only say that one goes with the change.
    const pair = PASSWORD_PAIRS[service.kind];
    if (password !== undefined && pair) secrets = { [pair.password]: password };
    payload = secrets ? { set, password: true } : { set };
    if (existing) {
      // A repeat is compared as it was asked, completed from what the first order stored: the
      // reading that completed the first may have changed since (by that very order, say).
      const stored = (existing.payload as ChangePayload | null)?.set ?? {};
      const asked = withHeldCatchAllDestination(service.kind, split.set, stored);
      return sameChange(existing.payload, { ...payload, set: asked }) && !secretsDifferFromFirst(existing, secrets)
        ? { ok: true, orderId: existing.id, duplicate: true }
        : keyUsedForAnother(existing.id);
    }
    const refused = refusedBySettings(service.kind, set, service);
    if (refused) return fail(undefined, refused);
    if (service.kind === "qboxmail_manager") {
      const reading = await managerReading(service, set);
      if (reading === UNCONFIRMED)
        return fail(undefined, {
          domain_codes: [
            vTyped("managerDomainsUnconfirmed", { codes: await othersDomains(resellerId, set.domain_codes) }),
          ],
        });
      const codes = await managerDomainsChangeError(resellerId, set.domain_codes, reading);
      if (codes) return fail(undefined, codes);
      // The domains it holds, let through by the check above, are let through again under the lock.
      const held = (reading as { domain_codes?: unknown } | null)?.domain_codes;
      managerHolds = Array.isArray(held) ? held.map(String) : [];
      startedFrom = reading;
    }
    // A list sent whole is stored as the change found it, so a late send cannot undo an edit made
    // at the provider meanwhile (whole-lists.ts). A change through the portal since the last
    // reading (read_at cleared) may have moved the list: then it is asked of Qboxmail.
    if (service.kind === "qboxmail_domain" && set.allow_nets !== undefined && service.readAt === null) {
      listReading = await refreshService(service);
      startedFrom = listReading.ok ? listReading.settings : null;
    }
    const before = listsBefore(service.kind, set, startedFrom);
    if (before) payload = { ...payload, before };
  }
  if (action === "delete") {
    const wrongName = confirmNameError(service, input.confirmName, "deletion");
    if (wrongName) return fail(undefined, wrongName);
    // Soft delete only: a purge (grommunio) is an administrator's decision.
    payload = { purge: false };
  }
  const stale = await changedSinceRead(service, action, input, listReading);
  if (stale) {
    // The same request may have been placed meanwhile (a double click, a form or call sent twice),
    // and its order, applied, is what the provider now shows: it is answered as that order.
    const placed = await orderByKey(resellerId, idempotencyKey);
    if (placed && sameRequest(placed, service.id, action, payload, secrets))
      return { ok: true, orderId: placed.id, duplicate: true };
    if ("unverifiable" in stale) return refuse("settingsUnverifiable", said("settingsUnverifiable"));
    return "version" in stale
      ? { ok: false, fieldErrors: {}, staleVersion: stale.version }
      : fail(undefined, stale.fields);
  }

  return insertChangeOrder(user, service, action, payload, idempotencyKey, null, { secrets, managerHolds });
}

type ServiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["service"]["findFirst"]>>>;

/**
 * Whether a Qboxmail domain still waits for its ownership check. Qboxmail disables a domain only
 * once it is active; a disable of one that waits is undocumented, a 422 to be expected
 * (docs/upstream/qboxmail-lifecycle.md "A domain is disabled only once it is active"): the portal
 * says why instead of placing an order bound to fail. Read again unless the last reading is recent, so a domain activated since
 * the page was drawn is not refused on an old reading; a domain never read yet (its state unknown:
 * an API client that placed it and disables it at once) is read now.
 */
async function waitsForOwnershipCheck(service: ServiceRow): Promise<boolean> {
  if (service.kind !== "qboxmail_domain") return false;
  if (service.upstreamState !== null && service.upstreamState !== "ownership_check") return false;
  const reading = await refreshUnlessRecent(service);
  return (reading?.ok ? reading.state : service.upstreamState) === "ownership_check";
}

/**
 * The settings a change is completed from: a catch-all turned on without an address (the API's
 * `set` may do that) is sent with the address the domain holds, so that one is read from the
 * provider unless the last reading is recent; an address changed in Qboxmail's panel since would
 * otherwise be overwritten with an older one the client never sent. A read that fails leaves the
 * last reading. Nothing else is completed, so nothing else is read.
 */
async function settingsToComplete(service: ServiceRow, set: Record<string, unknown>): Promise<unknown> {
  if (!takesHeldCatchAllDestination(service.kind, set)) return service.settings;
  const reading = await refreshUnlessRecent(service);
  return reading?.ok ? reading.settings : service.settings;
}

/**
 * The settings a manager's new domain list is judged against: the last reading, or a fresh one
 * when that one does not list the manager's domains (never read since the create, or read without
 * them) or a change went through since it: Qboxmail replaces the whole set with the list sent (docs/upstream/qboxmail-lifecycle.md
 * "A manager's domains"). A code that is not one of the reseller's own live domains is let
 * through only as one the manager holds, and that is asked of Qboxmail now, never taken from a
 * stored reading: the domain may have been taken off the manager in Qboxmail's panel since, and the
 * change would give it back. When Qboxmail cannot be read then, the change is refused.
 */
async function managerReading(service: ServiceRow, set: Record<string, unknown>): Promise<unknown> {
  const last = service.settings as { domain_codes?: unknown } | null;
  if (set.domain_codes === undefined) return last;
  // A change through the portal since the last reading (read_at cleared) may have moved the
  // domains: that reading's list no longer says which ones the manager holds.
  const lastHolds = Array.isArray(last?.domain_codes) && service.readAt !== null;
  const onlyOwn = (await othersDomains(service.resellerId, set.domain_codes)) === "";
  if (lastHolds && onlyOwn) return last;
  const reading = await refreshService(service);
  if (reading.ok) return reading.settings;
  return onlyOwn ? last : UNCONFIRMED;
}

const UNCONFIRMED = Symbol("the manager's domains could not be read");

/** The codes of a domain list that are not the reseller's live Qboxmail domains, comma-separated. */
async function othersDomains(resellerId: string, codes: unknown): Promise<string> {
  const named = [...new Set((Array.isArray(codes) ? codes : []).map(String))];
  if (named.length === 0) return "";
  const own = await db().service.findMany({
    where: { resellerId, kind: "qboxmail_domain", status: "active", upstreamRef: { in: named } },
    select: { upstreamRef: true },
  });
  const mine = new Set(own.map((s) => s.upstreamRef));
  return named.filter((c) => !mine.has(c)).join(", ");
}

/**
 * Inserts the change order with its "order.placed" audit event (one statement) and enqueues it.
 * Shared with the administrator's purge (place-purge.ts): the same pipeline, the same one-open-
 * change rule. The order belongs to the service's reseller whoever placed it.
 */
export async function insertChangeOrder(
  user: Viewer,
  service: ServiceRow,
  action: ChangeAction,
  payload: ChangePayload,
  idempotencyKey: string,
  reason: string | null,
  extra: {
    /** A new password, sealed onto the order; cleared with the order's end like a create's. */
    secrets?: Secrets;
    /** A manager's change of its domains: the codes it holds as last read (placeChange). */
    managerHolds?: readonly string[];
  } = {},
): Promise<PlaceChangeResult> {
  const { secrets } = extra;
  const resellerId = service.resellerId;
  const id = randomUUID();
  const inserted = await insertOrder(
    {
      id,
      resellerId,
      customerId: service.customerId,
      createdById: user.id,
      actorLabel: user.email ?? user.name ?? null,
      kind: service.kind,
      provider: service.provider,
      status: "queued",
      naturalKey: service.naturalKey,
      displayName: service.displayName,
      payload: payload as Prisma.InputJsonValue,
      sealedSecret: secrets ? seal(secrets, id) : null,
      idempotencyKey,
      dependsOnOrderId: null,
      action,
      serviceId: service.id,
      upstreamRef: service.upstreamRef,
      auditAfter: {
        status: "queued",
        kind: service.kind,
        action,
        serviceId: service.id,
        ...payload,
      } as Prisma.InputJsonValue,
      reason,
    },
    {
      guarded: false,
      // A server or domain delete is refused while an order bound for what it retires is open, and
      // such an order while the delete is open: checked under a lock (lib/orders/server-retirement.ts).
      lockedCheck: retirementGuard(service, action, payload, extra.managerHolds),
      // A purge is placed for a live or softly deleted service, every other change for a live one;
      // neither while another live service holds the same resource (lib/orders/change-target.ts).
      checkAfter: serviceStillLive(service.id, payload.purge === true),
    },
  ).catch((err: unknown) => {
    if (isOpenChangeConflict(err)) return undefined;
    if (err instanceof RetirementConflict || err instanceof ServiceEnded || err instanceof HostnameTaken) return err;
    throw err;
  });
  if (inserted instanceof ServiceEnded) return refuse("serviceEnded", said("serviceEndedChange"));
  if (inserted instanceof HostnameTaken) return fail(undefined, inserted.fieldErrors);
  // A domain given to a manager that ended since the early check: answered as that check answers.
  if (inserted instanceof NamedDomainsNotLive) return fail(undefined, inserted.fieldErrors);
  if (inserted instanceof RetirementConflict)
    return refuse("blockedByOpenOrders", inserted.formError, inserted.fieldErrors);
  if (!inserted) {
    // The open order may be this very request, sent twice at once: both passed the key check and
    // the second waited on the one-open-change index rather than on the key's. It is a replay.
    const twin = await orderByKey(resellerId, idempotencyKey);
    if (twin) return answerForKeyHolder(twin, service.id, action, payload, extra.secrets);
    const open = await db().order.findFirst({
      where: { resellerId, serviceId: service.id, status: { notIn: ["succeeded", "failed", "cancelled"] } },
      select: { id: true, status: true },
    });
    // A held order ends only when support settles it: waiting, as "running" says, would not help.
    if (open?.status === "held") return refuse("changeRunning", said("changeHeld", { order: open.id }));
    return refuse("changeRunning", open ? said("changeRunning", { order: open.id }) : said("changeRunningUnknown"));
  }
  if (inserted.outcome !== "placed") {
    // Two requests with one key raced past the check above: the unique index decided. The winner
    // answers only for the same request (service, action, settings), as the check above would.
    const winner = await orderByKey(resellerId, idempotencyKey);
    if (!winner) throw new Error("change order insert conflicted but no order holds the idempotency key");
    return answerForKeyHolder(winner, service.id, action, payload, extra.secrets);
  }
  await enqueueOrder({ id, provider: service.provider, version: 0 });
  return { ok: true, orderId: id, duplicate: false };
}

type KeyHolder = NonNullable<Awaited<ReturnType<typeof orderByKey>>>;

/** Whether the order holding a request's key was placed by the same request (service, action, settings, password). */
function sameRequest(
  holder: KeyHolder,
  serviceId: string,
  action: ChangeAction,
  payload: ChangePayload,
  secrets: Secrets | undefined,
): boolean {
  return (
    holder.serviceId === serviceId &&
    holder.action === action &&
    (action !== "change" || (sameChange(holder.payload, payload) && !secretsDifferFromFirst(holder, secrets))) &&
    (action !== "delete" || sameDeleteChoice(holder.payload, payload))
  );
}

/** Whether two deletes choose alike: soft or purge, and with or without the mailbox files (also place-purge.ts). */
export function sameDeleteChoice(stored: unknown, next: ChangePayload): boolean {
  const a = (stored ?? {}) as { purge?: unknown; deleteFiles?: unknown };
  const b = next as { purge?: unknown; deleteFiles?: unknown };
  return (a.purge === true) === (b.purge === true) && (a.deleteFiles === true) === (b.deleteFiles === true);
}

/** The order holding a request's key answers for it only when it is the same request. */
function answerForKeyHolder(
  holder: KeyHolder,
  serviceId: string,
  action: ChangeAction,
  payload: ChangePayload,
  secrets: Secrets | undefined,
): PlaceChangeResult {
  return sameRequest(holder, serviceId, action, payload, secrets)
    ? { ok: true, orderId: holder.id, duplicate: true }
    : keyUsedForAnother(holder.id);
}

class ServiceEnded extends Error {}

type LockedCheck = (sql: <R>(statement: Prisma.Sql) => Promise<R[]>) => Promise<void>;

/**
 * What the request started from, checked against the provider as read now (one read, as every view
 * of the service page makes):
 * - a form's change: the fields changed since the page showed them are refused on their field, so
 *   the person sees the new value before overwriting it. When the provider cannot be read, the
 *   change goes ahead as asked: the read is a safeguard, and the worker reads the resource itself;
 * - an API request with If-Match: placed only while the settings are at a version it names. When
 *   the provider cannot be read, the last reading stands in for it (the version a GET answered),
 *   unless that reading is out of date (read_at cleared: a change went through the portal since,
 *   which the reading does not show, or the drift check wants it read again): a request made from
 *   that older version would pass the check and undo the change. It is refused as unverifiable,
 *   to be sent again shortly.
 */
async function changedSinceRead(
  service: ServiceRow,
  action: ChangeAction,
  input: PlaceChangeInput,
  /** A reading made for this change already (placeChange's of a list): not asked again. */
  made?: LiveReading,
): Promise<{ fields: FieldErrors } | { version: string } | { unverifiable: true } | undefined> {
  const changedSince = action === "change" ? input.changedSince : undefined;
  if (!changedSince && !input.expectedVersions) return undefined;
  const reading = made ?? (await refreshService(service));
  const read = reading.ok && reading.state !== "missing";
  if (input.expectedVersions && !reading.ok && service.readAt === null) return { unverifiable: true };
  if (input.expectedVersions) {
    const settings = read ? reading.settings : ((service.settings ?? {}) as Record<string, unknown>);
    const version = settingsVersion(service.kind, settings);
    if (!input.expectedVersions.includes(version)) return { version };
  }
  if (!changedSince || !read) return undefined;
  const names = changedSince(service.kind, reading.settings);
  return names.length ? { fields: Object.fromEntries(names.map((n) => [n, [said("changedSinceShown")]])) } : undefined;
}

/**
 * The service read before the change was parsed may have ended since: its delete succeeded, which
 * also ended that delete's hold on the one-open-change index. Read again once the order row is in,
 * in the same transaction, under a share lock: an insert that waited on the index for the delete's
 * step now sees what it committed, and a step still writing the service is waited for. Checked
 * after the insert, not before, so this transaction never holds the service while waiting for the
 * step's order row (which holds the order row while waiting for the service).
 */
function serviceStillLive(serviceId: string, purge: boolean): LockedCheck {
  return async (sql) => {
    const problem = await changeTargetProblem(sql, serviceId, purge, "share");
    if (problem && "ended" in problem) throw new ServiceEnded();
    if (problem) throw new RetirementConflict({}, said("heldByLiveService", { service: problem.heldBy }));
  };
}

function retirementGuard(
  service: ServiceRow,
  action: ChangeAction,
  payload: ChangePayload,
  managerHolds: readonly string[] = [],
): LockedCheck | undefined {
  if (action === "delete" && service.kind === "grommunio_server") return serverDeleteGuard(service.resellerId, service);
  if (action === "delete" && service.kind === "qboxmail_domain") return domainDeleteGuard(service.resellerId, service);
  // A new host name takes the name's lock and is refused while another server or server order
  // holds it (lib/orders/hostname-reservation.ts).
  const hostname = action === "change" ? newHostname(service.kind, payload) : undefined;
  if (hostname !== undefined) return serverRenameGuard(service.id, hostname);
  const codes = payload.set?.domain_codes;
  if (action === "change" && service.kind === "qboxmail_manager" && Array.isArray(codes) && codes.length > 0)
    return managerPlacementGuard(service.resellerId, codes.map(String), { held: managerHolds });
  return undefined;
}

/** A delete or purge asks for the service's name typed out; undefined when it matches. */
export function confirmNameError(
  service: { naturalKey: string; displayName: string },
  confirmName: unknown,
  what: "deletion" | "purge",
): FieldErrors | undefined {
  // A hand-made request may send anything here; only text can name the service.
  // NFC on both sides: a name pasted from a page or a file may spell "ü" as "u" and a mark.
  const same = (s: string) => s.normalize("NFC").toLowerCase();
  const typed = typeof confirmName === "string" ? same(confirmName.trim()) : "";
  if (typed === same(service.naturalKey) || typed === same(service.displayName)) return undefined;
  return { confirmName: [said("typeToConfirm", { name: service.displayName, what })] };
}

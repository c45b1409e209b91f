// Support's "re-create" of a drift finding (docs/lifecycle.md "Drift check"): a resource the
// provider no longer has is ordered again, for the same customer with the same settings, as a
// new create order through the pipeline. In one transaction: the old service ends as `gone`
// (so the new order takes over its place in the limit instead of counting twice), the order is
// inserted with its "order.placed" event, the finding is resolved and `service.recreated`
// audited. The settings are the create order's with every change that succeeded since
// (settings-since-create.ts). The order is enqueued after the commit (the relay covers a lost enqueue).
//
// Passwords are never kept after an order succeeds, so a kind with a password (Qboxmail domain
// postmaster, manager) gets a new random one that nobody sees; the message says so (and the
// console's confirmation before it).
//
// Support's reason (required, as for every drift action) is the new order's "order.placed" reason
// and the re-create's: an internal note, shown to the reseller as a neutral line unless support
// made it visible (docs/security.md "Internal notes").

import { randomBytes, randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { seal } from "@/lib/crypto/seal";
import { db, type Prisma } from "@/lib/db";
import { said, saidTogether } from "@/lib/i18n/sentences";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { managerPlacementGuard } from "@/lib/orders/domain-retirement";
import { HostnameTaken, serverCreateGuard } from "@/lib/orders/hostname-reservation";
import { insertOrder } from "@/lib/orders/insert-order";
import { orderKinds } from "@/lib/orders/schemas";
import { domainPlacementGuard, RetirementConflict, type ServerTarget } from "@/lib/orders/server-retirement";
import { lockAllEndpoints, staffServiceOutbox } from "@/lib/webhooks/outbox-sql";
import { type DriftActionResult, driftReason, refuseWhileOrderOpen, ServiceOrderOpen } from "./drift-actions";
import { confirmMissing } from "./drift-confirm";
import { settingsSinceCreate } from "./settings-since-create";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The statuses an order ends in: any other is still on its way. */
const FINISHED = ["succeeded", "failed", "cancelled"] as const;

/** Letters and digits, as the Qboxmail password rule asks (lib/orders/schemas/passwords.ts). */
const randomPassword = () => `Rc${randomBytes(18).toString("base64url")}7`;

class Refused extends Error {}

/** Something else holds the name or the server the re-create needs (an order on its way, a live service): its words. */
class CreateOnItsWay extends Error {}

export async function recreateFinding(viewer: Viewer, findingId: string, reason: unknown): Promise<DriftActionResult> {
  assertStaff(viewer);
  const f = UUID.test(findingId) ? await db().driftFinding.findFirst({ where: { id: findingId } }) : null;
  // Submitted twice: the first submission's order is the answer.
  const done = (f?.details as { recreatedOrderId?: string } | null)?.recreatedOrderId;
  if (f?.resolution === "recreated" && done) return { ok: true, message: said("recreateAlready", { order: done }) };
  if (!f || f.resolvedAt || f.type !== "missing" || !f.serviceId)
    return { ok: false, message: said("findingNotMissing") };
  const why = driftReason(reason);
  if (!why.ok) return why;
  const service = await db().service.findUnique({
    where: { id: f.serviceId },
    select: {
      id: true,
      status: true,
      resellerId: true,
      customerId: true,
      createOrderId: true,
      upstreamRef: true,
      naturalKey: true,
      displayName: true,
    },
  });
  if (service?.status !== "active") return { ok: false, message: said("serviceEnded") };
  // Ordering it again while the provider still has it would fail as "name taken" after the
  // service had already been ended, leaving the resource with no owner (drift-confirm.ts).
  const now = await confirmMissing(f.kind, f.upstreamRef, f.naturalKey);
  if (!now.missing) return { ok: false, message: now.message };
  const original = service.createOrderId ? await db().order.findUnique({ where: { id: service.createOrderId } }) : null;
  if (!original)
    return {
      ok: false,
      message: said("adoptedNoOrder"),
    };
  const def = orderKinds[original.kind];
  // A server renamed since its order (docs/lifecycle.md "Renaming a grommunio server") is ordered
  // again under the name it had, not the one it was first ordered with.
  const renamed = original.kind === "grommunio_server" && service.naturalKey !== original.naturalKey;
  const naturalKey = renamed ? service.naturalKey : original.naturalKey;
  const displayName = renamed ? service.displayName : original.displayName;
  // The settings as the reseller last changed them, not only as first ordered.
  const settings = await settingsSinceCreate(service.id, original.kind, original.payload as Record<string, unknown>);
  const payload = def.payloadSchema.safeParse(renamed ? { ...settings, hostname: service.displayName } : settings);
  if (!payload.success)
    return {
      ok: false,
      message: said("settingsOutdated"),
    };
  // A grommunio domain suspended with chat on is created suspended and without chat: grommunio
  // creates the domain, then fails to turn chat on for one that is not active and answers 500
  // (docs/upstream/grommunio.md §6), which would hold the order as created in part. The message
  // tells support to ask the reseller to turn chat on once the domain is resumed.
  const chatLeftOff = original.kind === "grommunio_domain" && suspendedWithChat(payload.data);
  if (chatLeftOff) Object.assign(payload.data, { chat: false });
  // A Qboxmail create takes no status: a domain or manager disabled through the portal comes back
  // enabled, and takes mail (or signs in) again until someone disables it. Support is told, and
  // the audit event records it.
  const comesBackEnabled =
    (original.kind === "qboxmail_domain" || original.kind === "qboxmail_manager") && (await lastSuspended(service.id));
  // A re-created grommunio domain goes to its server again, a manager to its domains: not while
  // a delete of them is open (docs/lifecycle.md "Deleting a grommunio server").
  const homeserver = (payload.data as { homeserver?: unknown }).homeserver;
  const boundFor: ServerTarget | undefined =
    original.kind !== "grommunio_domain"
      ? undefined
      : original.dependsOnOrderId
        ? { serverOrderId: original.dependsOnOrderId }
        : Number.isInteger(homeserver)
          ? { serverId: homeserver as number }
          : undefined;
  const codes = (payload.data as { domain_codes?: unknown }).domain_codes;
  const managerCodes = original.kind === "qboxmail_manager" && Array.isArray(codes) ? codes.map(String) : [];
  const id = randomUUID();
  const secrets = Object.fromEntries(def.secretFields.map((k) => [k, randomPassword()]));
  try {
    await db().$transaction(async (tx) => {
      // Not while a change, suspension or deletion of the old service is open (drift-actions.ts):
      // a delete of it succeeding after the new order would report the service deleted beside
      // the re-created resource. The service row is locked first, as marking it gone does.
      await refuseWhileOrderOpen(tx, service.id);
      // Asked inside the transaction, after the lock, so a create of the same name placed while
      // this action ran is seen once it committed. A create placed after this reads reserves no
      // name and is not stopped here: the worker's lookup then finds the re-created resource held
      // by this order and refuses to take it (docs/lifecycle.md "Drift check").
      // Any reseller's: upstream names are unique, so another reseller's create of the name would
      // take it first and this order would be held as taken, the old service already ended.
      const running = await tx.order.findFirst({
        where: {
          provider: original.provider,
          kind: original.kind,
          naturalKey,
          action: "create",
          status: { notIn: [...FINISHED] },
        },
        select: { id: true },
      });
      if (running) throw new CreateOnItsWay(said("orderOnItsWay", { name: naturalKey, order: running.id }));
      // Nor while another live service holds the name (one support adopted, one of another
      // reseller): the provider would refuse the name as taken.
      const holder = await tx.service.findFirst({
        where: { kind: original.kind, naturalKey, status: "active", id: { not: service.id } },
        select: { id: true },
      });
      if (holder) throw new CreateOnItsWay(said("recreateNameHeld", { name: naturalKey, service: holder.id }));
      // A grommunio domain goes back to its server: not to one the portal has ended (deleted,
      // marked gone) or that is no longer shared, which would send it to a server that is not
      // there, or to another one under a reused number.
      if (boundFor && !(await serverStillLive(tx, boundFor, service.resellerId)))
        throw new CreateOnItsWay(
          said("recreateServerEnded", {
            name: naturalKey,
            server: "serverId" in boundFor ? String(boundFor.serverId) : boundFor.serverOrderId,
          }),
        );
      const resolved = await tx.driftFinding.updateMany({
        where: { id: f.id, resolvedAt: null },
        data: {
          resolvedAt: new Date(),
          resolution: "recreated",
          resolvedBy: viewer.id,
          details: { ...((f.details as Record<string, unknown> | null) ?? {}), recreatedOrderId: id },
        },
      });
      const ended = await tx.service.updateMany({
        where: { id: service.id, status: "active" },
        data: { status: "gone", endedAt: new Date(), upstreamState: "missing" },
      });
      if (resolved.count !== 1 || ended.count !== 1) throw new Refused();
      // Two statements below write events (the old service's, the new order's).
      await lockAllEndpoints((s) => tx.$queryRaw(s), service.resellerId);
      const inserted = await insertOrder(
        {
          id,
          resellerId: service.resellerId,
          customerId: original.customerId,
          createdById: viewer.id,
          actorLabel: viewer.email ?? viewer.name ?? null,
          kind: original.kind,
          provider: original.provider,
          status: "queued",
          naturalKey,
          displayName,
          payload: payload.data as Prisma.InputJsonValue,
          sealedSecret: Object.keys(secrets).length ? seal(secrets, id) : null,
          idempotencyKey: `recreate-${f.id}`,
          dependsOnOrderId: original.dependsOnOrderId,
          auditAfter: {
            status: "queued",
            kind: original.kind,
            naturalKey,
            customerId: original.customerId,
            recreatedFrom: service.id,
            findingId: f.id,
          },
          reason: why.reason,
        },
        {
          guarded: false,
          tx,
          lockedCheck: boundFor
            ? domainPlacementGuard(service.resellerId, boundFor, { requireUsable: false })
            : managerCodes.length > 0
              ? managerPlacementGuard(service.resellerId, managerCodes)
              : original.kind === "grommunio_server"
                ? serverCreateGuard(displayName)
                : undefined,
        },
      );
      if (inserted.outcome !== "placed") throw new Refused();
      // The old service ended without a delete order: its receivers hear of it here. The new one's
      // `service.created` comes with the new order's success.
      await tx.$executeRaw(
        staffServiceOutbox({
          type: "service.deleted",
          action: "recreate",
          serviceId: service.id,
          orderId: id,
          resellerId: service.resellerId,
          customerId: service.customerId,
          kind: original.kind,
          naturalKey: service.naturalKey,
          upstreamRef: service.upstreamRef,
        }),
      );
      await recordAudit(tx, {
        actor: userActor(viewer),
        action: "service.recreated",
        resellerId: service.resellerId,
        after: {
          serviceId: service.id,
          findingId: f.id,
          orderId: id,
          kind: original.kind,
          naturalKey,
          customerId: original.customerId,
          ...(chatLeftOff ? { chatLeftOff: true } : {}),
          ...(comesBackEnabled ? { wasDisabled: true } : {}),
        },
        reason: why.reason,
      });
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, message: said("actedMeanwhile") };
    if (err instanceof ServiceOrderOpen || err instanceof CreateOnItsWay) return { ok: false, message: err.message };
    if (err instanceof RetirementConflict || err instanceof HostnameTaken) return { ok: false, message: err.message };
    throw err;
  }
  await enqueueOrder({ id, provider: original.provider, version: 0 });
  const facts = { name: naturalKey, order: id };
  const ordered = Object.keys(secrets).length
    ? said("recreateOrderedNewPassword", facts)
    : chatLeftOff
      ? said("recreateOrderedChatOff", facts)
      : said("recreateOrdered", facts);
  return { ok: true, message: comesBackEnabled ? saidTogether(ordered, said("recreateComesBackEnabled")) : ordered };
}

/**
 * Whether the server a re-created grommunio domain goes to is live in the portal for the domain's
 * reseller: its order's service active, or, named by its grommunio ID, a live service of it or a
 * share with that reseller by an admin (a share with another reseller is not theirs to use).
 */
async function serverStillLive(
  tx: Prisma.TransactionClient,
  target: ServerTarget,
  resellerId: string,
): Promise<boolean> {
  if ("serverOrderId" in target)
    return (
      (await tx.service.count({ where: { createOrderId: target.serverOrderId, resellerId, status: "active" } })) > 0
    );
  const ref = String(target.serverId);
  // This reseller's: a server adopted into another reseller's customer since is not theirs to use.
  const live = await tx.service.count({
    where: { kind: "grommunio_server", upstreamRef: ref, resellerId, status: "active" },
  });
  const shared = await tx.sharedGrommunioServer.count({ where: { serverId: target.serverId, resellerId } });
  return live > 0 || shared > 0;
}

/** Whether the service's last succeeded suspension or resumption was a suspension (disabled now). */
async function lastSuspended(serviceId: string): Promise<boolean> {
  const last = await db().order.findFirst({
    where: { serviceId, status: "succeeded", action: { in: ["suspend", "resume"] } },
    orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }],
    select: { action: true },
  });
  return last?.action === "suspend";
}

function suspendedWithChat(settings: object): boolean {
  const { chat, domainStatus } = settings as { chat?: unknown; domainStatus?: unknown };
  return chat === true && domainStatus !== undefined && domainStatus !== 0;
}

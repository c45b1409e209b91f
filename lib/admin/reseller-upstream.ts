// What an admin decides about a reseller's place upstream (docs/security.md "Upstream
// identifiers"): the grommunio organisation and Qboxmail customer its orders land in, and the
// grommunio servers shared with it. Every change is audited with before/after.

import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, userActor, type Viewer } from "@/lib/auth/session";
import { db, Prisma } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { lockSeenReseller } from "./resellers";
import type { ResellerUpstreamInput, ShareServerInput, UnshareServerInput } from "./schemas";
import { AdminActionError } from "./users";

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** The grommunio servers shared with these resellers (the ones a page of the admin's list shows). */
export async function listSharedServers(viewer: Viewer, resellerIds: string[]) {
  assertAdmin(viewer);
  return db().sharedGrommunioServer.findMany({
    where: { resellerId: { in: resellerIds } },
    orderBy: [{ serverId: "asc" }],
    take: 2000,
    select: { id: true, resellerId: true, serverId: true, label: true },
  });
}

/** A refusal that belongs beside one of the form's fields (an identifier another reseller holds). */
export class UpstreamIdTakenError extends AdminActionError {
  constructor(
    readonly field: "grommunioOrgId" | "qboxmailCustomerCode",
    message: string,
  ) {
    super(message);
  }
}

export async function updateResellerUpstream(viewer: Viewer, input: ResellerUpstreamInput): Promise<void> {
  assertAdmin(viewer);
  const { resellerId, reason, updatedAt: seen, ...ids } = input;
  try {
    await db().$transaction(async (tx) => {
      const updatedAt = await lockSeenReseller(tx, resellerId, seen);
      const before = await tx.reseller.findUniqueOrThrow({
        where: { id: resellerId },
        select: { grommunioOrgId: true, qboxmailCustomerCode: true, qboxmailOutboundLimitId: true },
      });
      await tx.reseller.update({ where: { id: resellerId }, data: { ...ids, updatedAt } });
      await recordAudit(tx, {
        actor: userActor(viewer),
        action: "admin.reseller.upstream",
        resellerId,
        before,
        after: ids,
        reason,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw (await takenBy(resellerId, ids)) ?? new AdminActionError(said("upstreamIdTaken"));
    throw err;
  }
}

/**
 * Which identifier another reseller holds, and who: the admin fixes that field or goes to that
 * reseller first. None once the holder let it go meanwhile (the generic sentence then).
 */
async function takenBy(
  resellerId: string,
  ids: { grommunioOrgId: number | null; qboxmailCustomerCode: string | null },
): Promise<UpstreamIdTakenError | undefined> {
  for (const field of ["grommunioOrgId", "qboxmailCustomerCode"] as const) {
    const value = ids[field];
    if (value === null) continue;
    const holder = await db().reseller.findFirst({
      where: { [field]: value, id: { not: resellerId } },
      select: { name: true, slug: true },
    });
    if (holder)
      return new UpstreamIdTakenError(
        field,
        said("upstreamIdTakenBy", { field, reseller: holder.name, slug: holder.slug }),
      );
  }
  return undefined;
}

export async function shareServer(viewer: Viewer, input: ShareServerInput): Promise<void> {
  assertAdmin(viewer);
  const { resellerId, serverId, label, reason } = input;
  try {
    await db().$transaction(async (tx) => {
      const reseller = await tx.reseller.findUnique({ where: { id: resellerId }, select: { id: true } });
      if (!reseller) throw new AdminActionError(said("resellerGone"));
      const share = await tx.sharedGrommunioServer.create({
        data: { resellerId, serverId, label, sharedById: viewer.id },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor: userActor(viewer),
        action: "admin.server.shared",
        resellerId,
        after: { shareId: share.id, serverId, label },
        reason,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AdminActionError(said("alreadyShared", { id: serverId }));
    throw err;
  }
}

export async function unshareServer(viewer: Viewer, input: UnshareServerInput): Promise<void> {
  assertAdmin(viewer);
  await db().$transaction(async (tx) => {
    const share = await tx.sharedGrommunioServer.findUnique({
      where: { id: input.shareId },
      select: { id: true, resellerId: true, serverId: true, label: true },
    });
    if (!share) throw new AdminActionError(said("shareGone"));
    await tx.sharedGrommunioServer.delete({ where: { id: share.id } });
    await recordAudit(tx, {
      actor: userActor(viewer),
      action: "admin.server.unshared",
      resellerId: share.resellerId,
      before: { shareId: share.id, serverId: share.serverId, label: share.label },
      reason: input.reason,
    });
  });
}

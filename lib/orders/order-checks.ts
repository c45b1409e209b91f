// Checks that need the database before an order is accepted: the reseller's limits and the
// references an order makes to other orders of the same reseller.
import { db } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import type { FieldErrors } from "@/lib/upstream/result";

const DOMAIN_KINDS: OrderKind[] = ["qboxmail_domain", "grommunio_domain"];
const NOT_COUNTED: OrderStatus[] = ["failed", "cancelled"];

type Limits = { maxDomains: number; maxManagers: number; maxServers: number };

/**
 * A soft limit: two placements racing at the very edge may both pass. Taking a per-reseller
 * lock for every placement would cap a busy reseller's ordering rate, and the upstream enforces
 * its own quotas anyway.
 */
export async function limitError(resellerId: string, kind: OrderKind, limits: Limits): Promise<string | undefined> {
  const [kinds, max, what] = DOMAIN_KINDS.includes(kind)
    ? [DOMAIN_KINDS, limits.maxDomains, "domains"]
    : kind === "qboxmail_manager"
      ? [["qboxmail_manager" as OrderKind], limits.maxManagers, "managers"]
      : [["grommunio_server" as OrderKind], limits.maxServers, "servers"];
  const used = await db().order.count({ where: { resellerId, kind: { in: kinds }, status: { notIn: NOT_COUNTED } } });
  return used >= max ? `Your account may have at most ${max} ${what}; cancel or remove one before ordering another.` : undefined;
}

/** Qboxmail manager: every domain code must be one of this reseller's provisioned Qboxmail domains. */
export async function domainCodesError(resellerId: string, codes: unknown): Promise<FieldErrors | undefined> {
  if (!Array.isArray(codes) || codes.length === 0) return undefined;
  const wanted = [...new Set(codes.map(String))];
  const found = await db().order.findMany({
    where: { resellerId, kind: "qboxmail_domain", status: "succeeded", upstreamRef: { in: wanted } },
    select: { upstreamRef: true },
  });
  const ok = new Set(found.map((o) => o.upstreamRef));
  const missing = wanted.filter((c) => !ok.has(c));
  return missing.length ? { domain_codes: [`Choose only your provisioned Qboxmail domains (unknown: ${missing.join(", ")})`] } : undefined;
}

/** grommunio domain on a server ordered through the portal: returns the dependency or errors. */
export async function homeserverDependency(
  resellerId: string,
  serverOrderId: unknown,
): Promise<{ dependsOnOrderId?: string; ready: boolean; fieldErrors?: FieldErrors }> {
  if (typeof serverOrderId !== "string" || serverOrderId === "") return { ready: true };
  const server = await db().order.findFirst({
    where: { id: serverOrderId, resellerId, kind: "grommunio_server", status: { notIn: NOT_COUNTED } },
    select: { id: true, status: true },
  });
  if (!server) return { ready: false, fieldErrors: { homeserverOrderId: ["Choose one of your grommunio server orders that has not failed"] } };
  return { dependsOnOrderId: server.id, ready: server.status === "succeeded" };
}

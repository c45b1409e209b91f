// Choices the order form offers from what the reseller already has. Written here (not in
// lib/orders) because only the form needs them; the pipeline checks the submitted values itself
// (order-checks.ts), so these lists are hints, not guards.
import { db } from "@/lib/db";
import { COUNTS_AGAINST_LIMIT } from "@/lib/orders/order-checks";

export type Option = { value: string; label: string };

/** grommunio servers ordered through the portal that a domain may wait for or live on. */
export async function homeServerOptions(resellerId: string): Promise<Option[]> {
  const rows = await db().order.findMany({
    where: { resellerId, kind: "grommunio_server", ...COUNTS_AGAINST_LIMIT },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, displayName: true, status: true, upstreamRef: true },
    take: 200,
  });
  return rows.map((r) => ({
    value: r.id,
    label:
      r.status === "succeeded"
        ? `${r.displayName} (server ID ${r.upstreamRef ?? "?"})`
        : `${r.displayName} (order ${r.status})`,
  }));
}

/** Live Qboxmail domain services: the codes a manager may be given. */
export async function qboxmailDomainCodeOptions(resellerId: string): Promise<Option[]> {
  const rows = await db().service.findMany({
    where: { resellerId, kind: "qboxmail_domain", status: "active" },
    orderBy: { displayName: "asc" },
    select: { displayName: true, upstreamRef: true },
    take: 500,
  });
  return rows.map((r) => ({ value: r.upstreamRef, label: `${r.displayName} (${r.upstreamRef})` }));
}

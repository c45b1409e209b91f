// Hostnames of a reseller's grommunio server orders, so a domain's summary names its server, not
// an order id; and the names of a manager's Qboxmail domains, not their codes. Scoped by
// reseller: another reseller's server order id or domain code reads as unknown.
import { db } from "@/lib/db";

export async function serverOrderHostnames(
  resellerId: string,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(orderIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return new Map();
  const rows = await db().order.findMany({
    where: { resellerId, id: { in: ids }, kind: "grommunio_server" },
    select: { id: true, displayName: true },
  });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The server order id a grommunio domain's payload points at, if any. */
export function homeserverOrderIdOf(payload: Record<string, unknown>): string | null {
  return typeof payload.homeserverOrderId === "string" ? payload.homeserverOrderId : null;
}

/**
 * The names of the Qboxmail domains behind `codes` (their upstream references), for a manager's
 * order sentence. Scoped by reseller: another reseller's code reads as unknown.
 */
export async function qboxmailDomainNames(resellerId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes)].filter((c) => c !== "" && !c.includes("\0")).slice(0, 1000);
  if (wanted.length === 0) return new Map();
  const rows = await db().service.findMany({
    where: { resellerId, kind: "qboxmail_domain", upstreamRef: { in: wanted } },
    select: { upstreamRef: true, displayName: true },
  });
  return new Map(rows.map((r) => [r.upstreamRef, r.displayName]));
}

/** The Qboxmail domain codes a manager's payload lists. */
export function managerDomainCodesOf(payload: Record<string, unknown>): string[] {
  return Array.isArray(payload.domain_codes)
    ? payload.domain_codes.filter((c): c is string => typeof c === "string")
    : [];
}

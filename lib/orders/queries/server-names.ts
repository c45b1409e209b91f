// Hostnames of a reseller's grommunio server orders, so a domain's summary names its server, not
// an order id. Scoped by reseller: another reseller's server order id reads as unknown.
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

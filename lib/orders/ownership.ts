// One upstream resource, one owner (docs/reliability.md "Ownership"). The database enforces it
// with a partial unique index on (provider, kind, upstream_ref) over orders that hold a
// reference and are not cancelled; this module asks the same question before a write, so the
// refusal can name the other order, and recognises the index's error when a race gets there first.

import { Prisma, sqlRows } from "@/lib/db";
import type { OrderKind, Provider } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";

// The order rule, and the same rule over live services (lib/orders/service-effects.ts): a
// create order's success inserts its service in the same statement, so either index may say no.
const OWNER_INDEXES = ["order_one_owner_per_upstream_ref", "service_live_upstream_ref_key"];

export type OwnershipSubject = { id: string; provider: Provider; kind: OrderKind; naturalKey: string };

/**
 * What holds a resource: a create order; a live service support adopted (`service`: no order made
 * it); or a grommunio server an admin shared with resellers (`shared`: the provider's own).
 */
export type Holder = { id: string; sameReseller: boolean; by?: "service" | "shared" };

/**
 * Another live create order holding this reference, or holding a resource under the same natural key
 * (upstream names are unique, so that resource is the same one): its id, and whether it is the
 * same reseller's (only then may the reseller's own texts name it). A create order whose service
 * has ended (deleted by a delete order, or marked gone by support), or has since been renamed (a
 * grommunio server), holds its name no longer: the name may be ordered again, and the resource a
 * lookup then finds under it is a new one, not that service's. Without such an order, a live
 * service adopted from a drift finding may hold it (the service index's half of the rule), and a
 * grommunio server an admin shared is the provider's (docs/security.md "Upstream identifiers"):
 * a server order that finds it after a lost answer must not take it over.
 */
export async function otherHolder(order: OwnershipSubject, ref: string): Promise<Holder | undefined> {
  // Plain pg: the worker asks this when the owner index refuses its write, and an ORM query would
  // load the query compiler (about 60 MB) into it for good (docs/benchmarks.md).
  const [other] = await sqlRows<{ id: string; sameReseller: boolean }>(Prisma.sql`
    SELECT o.id, o.reseller_id = (SELECT reseller_id FROM "order" WHERE id = ${order.id}::uuid) AS "sameReseller"
    FROM "order" o
    WHERE o.provider = ${order.provider}::"Provider" AND o.kind = ${order.kind}::"OrderKind" AND o.id <> ${order.id}::uuid
      AND o.action = 'create' AND o.status <> 'cancelled' AND o.upstream_ref IS NOT NULL
      AND (o.upstream_ref = ${ref}::text
           OR (o.natural_key = ${order.naturalKey}::text
               AND NOT EXISTS (SELECT 1 FROM service s WHERE s.create_order_id = o.id
                               AND (s.status <> 'active' OR s.natural_key <> ${order.naturalKey}::text))))
    LIMIT 1`);
  if (other) return { id: other.id, sameReseller: other.sameReseller === true };
  const [adopted] = await sqlRows<{ id: string; sameReseller: boolean }>(Prisma.sql`
    SELECT s.id, s.reseller_id = (SELECT reseller_id FROM "order" WHERE id = ${order.id}::uuid) AS "sameReseller"
    FROM service s
    WHERE s.kind = ${order.kind}::"OrderKind" AND s.provider = ${order.provider}::"Provider" AND s.status = 'active'
      AND s.create_order_id IS NULL
      AND (s.upstream_ref = ${ref}::text OR s.natural_key = ${order.naturalKey}::text)
    LIMIT 1`);
  if (adopted) return { id: adopted.id, sameReseller: adopted.sameReseller === true, by: "service" };
  if (order.kind !== "grommunio_server" || !/^\d{1,9}$/.test(ref)) return undefined;
  const [shared] = await sqlRows<{ id: string }>(
    Prisma.sql`SELECT id FROM shared_grommunio_server WHERE server_id = ${Number(ref)}::int LIMIT 1`,
  );
  return shared ? { id: shared.id, sameReseller: false, by: "shared" } : undefined;
}

/**
 * The refusal stored on an order whose resource another order holds. It names that order only when
 * it is the same reseller's: the text is the reseller's to read, and another reseller's order id
 * is not.
 */
export function heldByOtherForReseller(naturalKey: string, ref: string, other: Holder | undefined): string {
  return heldByOtherMessage(naturalKey, ref, other && { ...other, id: other.sameReseller ? other.id : undefined });
}

/** The same refusal for support, who may see every order's id. */
export function heldByOtherMessage(
  naturalKey: string,
  ref: string,
  other: { id?: string; by?: Holder["by"] } | undefined,
): string {
  if (other?.by === "service") return said("heldByAdopted", { name: naturalKey, ref });
  if (other?.by === "shared") return said("heldByShared", { name: naturalKey, ref });
  return other?.id
    ? said("heldByOther", { name: naturalKey, ref, order: other.id })
    : said("heldByAnother", { name: naturalKey, ref });
}

/** True when `err` is the owner index refusing a second holder. */
export function isOwnershipConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const text = `${(e as { message?: unknown }).message ?? ""} ${JSON.stringify((e as { meta?: unknown }).meta ?? "")}`;
    if (OWNER_INDEXES.some((name) => text.includes(name))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

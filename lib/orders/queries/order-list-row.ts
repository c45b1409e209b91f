// The columns every order list shows (the reseller's history, support's search and export),
// read with raw SQL for keyset pagination and mapped to camelCase in one place. Each list adds
// its own columns on top (the reseller's summary payload, support's reseller and version).
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";

export type OrderListRow = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  status: OrderStatus;
  kind: OrderKind;
  naturalKey: string;
  displayName: string;
  upstreamRef: string | null;
  attemptCount: number;
  lastError: string | null;
  customerId: string;
  customerName: string;
};

/** The same columns as Postgres names them; the query joins `customer_name` from customer. */
export type RawOrderListRow = {
  id: string;
  created_at: Date;
  updated_at: Date;
  status: OrderStatus;
  kind: OrderKind;
  natural_key: string;
  display_name: string;
  upstream_ref: string | null;
  attempt_count: number;
  last_error: string | null;
  customer_id: string;
  customer_name: string;
};

export function toOrderListRow(r: RawOrderListRow): OrderListRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    status: r.status,
    kind: r.kind,
    naturalKey: r.natural_key,
    displayName: r.display_name,
    upstreamRef: r.upstream_ref,
    attemptCount: r.attempt_count,
    lastError: r.last_error,
    customerId: r.customer_id,
    customerName: r.customer_name,
  };
}

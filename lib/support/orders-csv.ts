// CSV export of the filtered support order list, streamed: one keyset batch of 1,000
// rows is read only when the client has taken the previous one (ReadableStream pull), so memory
// stays flat whether the filter matches ten rows or a million. Every export is an audit event
// (who exported which filter), written before the first byte (docs/security.md "CSV export").
import { recordAudit } from "@/lib/audit/record-audit";
import { assertStaff, userActor, type Viewer } from "@/lib/auth/session";
import { db, type Prisma } from "@/lib/db";
import { csvLine, UTF8_BOM } from "@/lib/format/csv";
import type { Cursor } from "@/lib/pagination/cursor";
import type { SupportOrderFilters } from "./order-filters";
import { fetchOrderBatch, type SupportOrderRow } from "./orders-query";

const BATCH = 1_000;

const COLUMNS: Array<[string, (r: SupportOrderRow) => string | number | null]> = [
  ["order_id", (r) => r.id],
  ["created_at", (r) => r.createdAt.toISOString()],
  ["status", (r) => r.status],
  ["kind", (r) => r.kind],
  ["provider", (r) => r.provider],
  ["natural_key", (r) => r.naturalKey],
  ["display_name", (r) => r.displayName],
  ["reseller", (r) => r.resellerName],
  ["customer", (r) => r.customerName],
  ["upstream_ref", (r) => r.upstreamRef],
  ["attempts", (r) => r.attemptCount],
  ["last_error", (r) => r.lastError],
  ["updated_at", (r) => r.updatedAt.toISOString()],
];

export async function ordersCsvStream(
  viewer: Viewer,
  filters: SupportOrderFilters,
): Promise<ReadableStream<Uint8Array>> {
  assertStaff(viewer);
  await recordAudit(db(), {
    actor: userActor(viewer),
    action: "support.orders.export",
    after: { filters: JSON.parse(JSON.stringify(filters)) as Prisma.InputJsonValue },
  });
  const encoder = new TextEncoder();
  let cursor: Cursor | undefined;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(COLUMNS.map(([name]) => name))));
    },
    async pull(controller) {
      if (done) return;
      const rows = await fetchOrderBatch(filters, cursor, BATCH);
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((r) => csvLine(COLUMNS.map(([, get]) => get(r)))).join("")));
        const last = rows[rows.length - 1]!;
        cursor = { at: last.createdAt, id: last.id };
      }
      if (rows.length < BATCH) {
        done = true;
        controller.close();
      }
    },
  });
}

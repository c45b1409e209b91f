// CSV export of a reseller's filtered order list, streamed in keyset batches (one batch is read
// only when the client took the previous one), so memory stays flat at any size. Scoped by the
// reseller id the caller got from requireResellerAccess(); the filters are the list page's.

import { csvLine, UTF8_BOM } from "@/lib/format/csv";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import type { ResellerOrderFilters } from "./reseller-orders";

const BATCH = 200;

const HEADER = [
  "order_id",
  "placed_at",
  "status",
  "kind",
  "name",
  "ascii_name",
  "customer",
  "upstream_ref",
  "attempts",
  "last_error",
];

export function resellerOrdersCsvStream(resellerId: string, f: ResellerOrderFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark, so spreadsheet programs read the Unicode names as UTF-8.
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(HEADER)));
    },
    async pull(controller) {
      if (done) return;
      const page = await listOrdersForReseller(resellerId, {
        status: f.status as OrderStatus | undefined,
        kind: f.kind as OrderKind | undefined,
        customerId: f.customerId,
        q: f.q,
        cursor,
        limit: BATCH,
      });
      const lines = page.rows.map((r) =>
        csvLine([
          r.id,
          r.createdAt.toISOString(),
          r.status,
          r.kind,
          r.displayName,
          r.naturalKey,
          r.customerName,
          r.upstreamRef,
          r.attemptCount,
          r.lastError,
        ]),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      cursor = page.nextCursor;
      if (!cursor) {
        done = true;
        controller.close();
      }
    },
  });
}

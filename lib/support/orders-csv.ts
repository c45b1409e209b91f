// CSV export of the filtered support order list, streamed: one keyset batch of 1,000
// rows is read only when the client has taken the previous one (ReadableStream pull), so memory
// stays flat whether the filter matches ten rows or a million.
import type { Cursor } from "./cursor";
import { assertStaff, type Viewer } from "./guard";
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

/** RFC 4180 quoting, plus a leading apostrophe on text a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: Array<string | number | null>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function ordersCsvStream(viewer: Viewer, filters: SupportOrderFilters): ReadableStream<Uint8Array> {
  assertStaff(viewer);
  const encoder = new TextEncoder();
  let cursor: Cursor | undefined;
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([name]) => name))));
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

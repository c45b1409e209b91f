// CSV export of a reseller's filtered services list (docs/search.md "Totals, pages and export"),
// streamed in batches read only when the client took the previous one, so memory stays flat.
// Scoped by the reseller id the caller got from requireResellerAccess(); the filters are the list's.
import { csvLine, UTF8_BOM } from "@/lib/format/csv";
import type { Cursor } from "@/lib/pagination/cursor";
import { type ServiceFilters, serviceBatch } from "./service-list";

const BATCH = 200;
const HEADER = [
  "service_id",
  "created_at",
  "kind",
  "name",
  "ascii_name",
  "customer",
  "upstream_ref",
  "status",
  "upstream_state",
  "read_at",
];

export function resellerServicesCsvStream(resellerId: string, f: ServiceFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: Cursor | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark, so spreadsheet programs read the Unicode names as UTF-8.
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(HEADER)));
    },
    async pull(controller) {
      const rows = await serviceBatch(resellerId, f, after, BATCH);
      const lines = rows.map((r) =>
        csvLine([
          r.id,
          r.createdAt.toISOString(),
          r.kind,
          r.displayName,
          r.naturalKey,
          r.customer.name,
          r.upstreamRef,
          r.status,
          r.upstreamState,
          r.readAt?.toISOString() ?? null,
        ]),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      const last = rows.at(-1);
      after = last ? { at: last.createdAt, id: last.id } : null;
      if (rows.length < BATCH) controller.close();
    },
  });
}

// CSV export of a reseller's customers as the list shows them (search applied), streamed in
// keyset batches by name (docs/search.md "Totals, pages and export"). Scoped by the reseller id
// the caller got from requireResellerAccess().
import { csvLine, UTF8_BOM } from "@/lib/format/csv";
import { listCustomers } from "./queries";

const BATCH = 200;
const HEADER = ["customer_id", "name", "email", "reference", "created_at"];

export function resellerCustomersCsvStream(resellerId: string, q: string | undefined): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvLine(HEADER)));
    },
    async pull(controller) {
      const page = await listCustomers(resellerId, { q, after, limit: BATCH });
      const lines = page.rows.map((c) => csvLine([c.id, c.name, c.email, c.reference, c.createdAt.toISOString()]));
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      after = page.nextAfter;
      if (!after) controller.close();
    },
  });
}

// GET /support/orders/export?<same filters as the list> → the filtered orders as a CSV file.
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { startedElsewhere } from "@/lib/security/cross-site";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { ordersCsvStream } from "@/lib/support/orders-csv";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const viewer = await requireRole("support", "admin");
  // The export is audited before its first byte: never on another site's say-so.
  if (startedElsewhere(request))
    return new Response((await getTranslations("supportList"))("exportFromList"), {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  const filters = parseSupportOrderFilters(new URL(request.url).searchParams);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(await ordersCsvStream(viewer, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="orders-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

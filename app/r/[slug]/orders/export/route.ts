// GET /r/<slug>/orders/export?<same filters as the list> → what the reseller sees, as a CSV file.
import { requireResellerAccess } from "@/lib/auth/session";
import { parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { resellerOrdersCsvStream } from "@/lib/orders/queries/reseller-orders-csv";
import { searchParamsOf } from "@/lib/pagination/list-address";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const filters = parseOrderFilters(searchParamsOf(request.url));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(resellerOrdersCsvStream(reseller.id, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="orders-${reseller.slug}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

// GET /r/<slug>/services/export?<same filters as the list> → what the reseller sees, as a CSV file.
import { requireResellerAccess } from "@/lib/auth/session";
import { searchParamsOf } from "@/lib/pagination/list-address";
import { parseServiceFilters } from "@/lib/services/service-list";
import { resellerServicesCsvStream } from "@/lib/services/services-csv";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const filters = parseServiceFilters(searchParamsOf(request.url));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(resellerServicesCsvStream(reseller.id, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="services-${reseller.slug}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

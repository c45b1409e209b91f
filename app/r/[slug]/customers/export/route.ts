// GET /r/<slug>/customers/export?q=<search> → the customers the reseller sees, as a CSV file.
import { requireResellerAccess } from "@/lib/auth/session";
import { resellerCustomersCsvStream } from "@/lib/customers/customers-csv";
import { readListAddress, searchParamsOf } from "@/lib/pagination/list-address";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  // The list's own reading of its address (a repeated q counts as none, as on the page).
  const { q } = readListAddress(searchParamsOf(request.url));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(resellerCustomersCsvStream(reseller.id, q), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="customers-${reseller.slug}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

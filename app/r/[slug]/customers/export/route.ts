// GET /r/<slug>/customers/export?q=<search> → the customers the reseller sees, as a CSV file.
import { requireResellerAccess } from "@/lib/auth/session";
import { resellerCustomersCsvStream } from "@/lib/customers/customers-csv";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const q = new URL(request.url).searchParams.get("q")?.trim().slice(0, 100) || undefined;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(resellerCustomersCsvStream(reseller.id, q), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="customers-${reseller.slug}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

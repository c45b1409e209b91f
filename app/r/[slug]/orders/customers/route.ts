// GET /r/<slug>/orders/customers?q=<search>[&after=<next>] → a page of the reseller's customers whose
// name or reference holds the search, for the customer searches of the order form and of the
// orders' and services' filters: a reseller with more customers than a select can list finds the
// one it orders for or filters by here (docs/order-form.md "Pickers").
import { NextResponse } from "next/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerPickerPage } from "@/lib/customers/queries";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const url = new URL(request.url);
  const { options, next } = await customerPickerPage(reseller.id, {
    q: (url.searchParams.get("q") ?? "").slice(0, 100),
    after: url.searchParams.get("after")?.slice(0, 300),
  });
  return NextResponse.json({ customers: options, next }, { headers: { "Cache-Control": "no-store" } });
}

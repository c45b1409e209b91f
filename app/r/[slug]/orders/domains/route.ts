// GET /r/<slug>/orders/domains?q=<search>&customer=<id>&all=1&code=<code>…[&after=<next>] → a page of the reseller's live
// Qboxmail domains a manager may be given, for the manager form's domain picker. Without all=1
// only the chosen customer's domains; `code` returns those codes whatever the search (docs/order-form.md).
import { NextResponse } from "next/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { qboxmailDomainPage } from "@/lib/orders/queries/order-form-options";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const url = new URL(request.url);
  const { options, next } = await qboxmailDomainPage(reseller.id, {
    search: (url.searchParams.get("q") ?? "").slice(0, 100),
    customerId: url.searchParams.get("customer") ?? undefined,
    onlyCustomer: url.searchParams.get("all") !== "1",
    codes: url.searchParams
      .getAll("code")
      .map((c) => c.slice(0, 32))
      .slice(0, 100),
    limit: 50,
    after: url.searchParams.get("after") ?? undefined,
  });
  return NextResponse.json(
    { domains: options.map(({ value, label }) => ({ value, label })), next },
    { headers: { "Cache-Control": "no-store" } },
  );
}

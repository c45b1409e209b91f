// GET /r/<slug>/orders/servers?q=<search>&customer=<id>&all=1[&after=<next>] → a page of the grommunio servers this reseller
// may place a domain on (lib/orders/usable-servers.ts), for the order form's home-server picker.
// Without all=1 only the customer's own server orders and the shared servers (docs/order-form.md).
import { NextResponse } from "next/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { SERVER_ORDER_PREFIX } from "@/lib/orders/schemas/form-data";
import { usableServerPage } from "@/lib/orders/usable-servers";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { user, reseller } = await requireResellerAccess((await params).slug);
  const url = new URL(request.url);
  const { servers, next } = await usableServerPage(user, reseller.id, {
    search: (url.searchParams.get("q") ?? "").slice(0, 100),
    customerId: url.searchParams.get("customer") ?? undefined,
    onlyCustomer: url.searchParams.get("all") !== "1",
    limit: 50,
    after: url.searchParams.get("after") ?? undefined,
  });
  return NextResponse.json(
    {
      servers: servers.map((s) => ({
        value: s.serverId !== null ? String(s.serverId) : `${SERVER_ORDER_PREFIX}${s.orderId}`,
        label: s.label,
        serverId: s.serverId,
        source: s.source,
        status: s.status,
      })),
      next,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

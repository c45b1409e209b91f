// GET /r/<slug>/orders/name-check?kind=<kind>&name=<name> → whether the name is already ordered
// in this portal or exists upstream (lib/orders/name-check.ts), for the order form's warning.
import { NextResponse } from "next/server";
import { requireResellerAccess } from "@/lib/auth/session";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { checkOrderName } from "@/lib/orders/name-check";
import { ORDER_KINDS } from "@/lib/orders/schemas";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { reseller } = await requireResellerAccess((await params).slug);
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind") ?? "";
  const name = url.searchParams.get("name") ?? "";
  if (!(ORDER_KINDS as readonly string[]).includes(kind)) {
    return NextResponse.json({ error: `kind must be one of ${ORDER_KINDS.join(", ")}` }, { status: 400 });
  }
  const check = await checkOrderName(reseller.id, kind as OrderKind, name.slice(0, 320));
  return NextResponse.json(check, { headers: { "Cache-Control": "no-store" } });
}

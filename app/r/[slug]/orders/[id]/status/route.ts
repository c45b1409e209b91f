// The live order page polls this while the order is in flight. Same guard and the same
// reseller-scoped query as the page; a foreign or unknown id is a plain 404.
import { NextResponse } from "next/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const snapshot = await getOrderSnapshot(reseller.id, id);
  if (!snapshot) return NextResponse.json({ error: "Not found" }, { status: 404 });
  return NextResponse.json(snapshot, { headers: { "Cache-Control": "no-store" } });
}

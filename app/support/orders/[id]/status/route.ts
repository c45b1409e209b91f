// Support's order page polls this (live-refresh.tsx) to notice a change made by a worker or by
// another person. Staff only; the answer holds the version and status, nothing else.
import { NextResponse } from "next/server";
import { requireRole } from "@/lib/auth/session";
import { supportOrderVersion } from "@/lib/support/order-version";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireRole("support", "admin");
  const found = await supportOrderVersion(viewer, (await params).id);
  if (!found) return NextResponse.json({ error: "Not found" }, { status: 404 });
  return NextResponse.json(found, { headers: { "Cache-Control": "no-store" } });
}

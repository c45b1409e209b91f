// GET /support/resellers?q=<search>[&after=<next>] → a page of the resellers whose name or slug
// holds the search, for the staff pages' reseller searches (the support order list's and audit
// log's filters, the admin's new-user form) once there are more resellers than a select lists.
import { NextResponse } from "next/server";
import { requireRole } from "@/lib/auth/session";
import { resellerPickerPage } from "@/lib/support/reseller-options";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const viewer = await requireRole("support", "admin");
  const url = new URL(request.url);
  const { options, next } = await resellerPickerPage(viewer, {
    q: (url.searchParams.get("q") ?? "").slice(0, 100),
    after: url.searchParams.get("after")?.slice(0, 300),
  });
  return NextResponse.json({ resellers: options, next }, { headers: { "Cache-Control": "no-store" } });
}

import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AdminHome() {
  await requireRole("admin");
  redirect("/admin/users");
}

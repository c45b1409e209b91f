import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Support console" };

// Placeholder (issue 2); the support order views replace it.
export default async function SupportConsole() {
  await requireRole("support", "admin");
  return (
    <main>
      <h1 className="text-2xl font-semibold text-slate-900">Support console</h1>
      <p className="mt-2 text-slate-600">Orders that need a person will be listed here.</p>
    </main>
  );
}

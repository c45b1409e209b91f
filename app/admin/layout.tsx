import { AppHeader } from "@/app/components/app-header";
import { requireRole } from "@/lib/auth/session";

// Guards the header only; each admin page and action calls requireRole("admin") itself.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("admin");
  return (
    <>
      <AppHeader user={user} context="Administration" />
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </>
  );
}

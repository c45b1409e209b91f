import { getTranslations } from "next-intl/server";
import { AppHeader } from "@/app/components/app-header";
import { requireRole } from "@/lib/auth/session";

// Guards the header only; each admin page and action calls requireRole("admin") itself.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("admin");
  // The header names the console in the person's language (common.contexts, as the profile page does).
  const t = await getTranslations("common");
  return (
    <>
      <AppHeader user={user} context={t("contexts.admin")} />
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { AppHeader } from "@/app/components/app-header";
import { requireRole } from "@/lib/auth/session";

// Guards the header only; each page and action under /support calls requireRole() itself.
export default async function SupportLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole("support", "admin");
  // The header names the console in the person's language (common.contexts, as the profile page does).
  const t = await getTranslations("common");
  return (
    <>
      <AppHeader user={user} context={t("contexts.support")} />
      <div className="mx-auto max-w-6xl px-4 py-8">{children}</div>
    </>
  );
}

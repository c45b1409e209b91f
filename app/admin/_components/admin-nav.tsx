import { getTranslations } from "next-intl/server";
import { SectionNav } from "@/app/ui/section-nav";

const LINKS = [
  { href: "/admin/resellers", label: "resellers" },
  { href: "/admin/users", label: "users" },
  { href: "/support", label: "supportConsole" },
] as const;

export async function AdminNav({ current }: { current: string }) {
  const t = await getTranslations("nav");
  return (
    <SectionNav label={t("adminLabel")} links={LINKS.map((l) => ({ ...l, label: t(l.label) }))} current={current} />
  );
}

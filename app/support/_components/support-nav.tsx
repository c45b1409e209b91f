// Section links of the console; rendered by each page (the shared layout is not ours to change).
import { getTranslations } from "next-intl/server";
import { SectionNav } from "@/app/ui/section-nav";
import type { Role } from "@/lib/generated/prisma/enums";

const LINKS = [
  { href: "/support", label: "needsAttention" },
  { href: "/support/orders", label: "allOrders" },
  { href: "/support/audit", label: "audit" },
  { href: "/support/drift", label: "drift" },
  { href: "/support/health", label: "health" },
] as const;

export async function SupportNav({ role, current }: { role: Role; current: string }) {
  const t = await getTranslations("nav");
  const links = role === "admin" ? [...LINKS, { href: "/admin", label: "administration" } as const] : LINKS;
  return (
    <SectionNav label={t("supportLabel")} links={links.map((l) => ({ ...l, label: t(l.label) }))} current={current} />
  );
}

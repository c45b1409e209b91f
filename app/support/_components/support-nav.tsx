// Section links of the console; rendered by each page (the shared layout is not ours to change).
import { SectionNav } from "@/app/ui/section-nav";
import type { Role } from "@/lib/generated/prisma/enums";

const LINKS = [
  { href: "/support", label: "Needs attention" },
  { href: "/support/orders", label: "All orders" },
  { href: "/support/audit", label: "Audit log" },
  { href: "/support/drift", label: "Drift" },
  { href: "/support/health", label: "Health" },
];

export function SupportNav({ role, current }: { role: Role; current: string }) {
  const links = role === "admin" ? [...LINKS, { href: "/admin", label: "Administration" }] : LINKS;
  return <SectionNav label="Support console" links={links} current={current} />;
}

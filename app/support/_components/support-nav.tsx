// Section links of the console; rendered by each page (the shared layout is not ours to change).
import Link from "next/link";
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
  return (
    <nav aria-label="Support console" className="mb-6 flex flex-wrap gap-4 border-b border-slate-200 pb-3 text-sm">
      {links.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={l.href === current ? "page" : undefined}
          className={
            l.href === current
              ? "font-semibold text-slate-900 underline underline-offset-4"
              : "text-blue-800 hover:underline"
          }
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

import Link from "next/link";

const LINKS = [
  { href: "/admin/resellers", label: "Resellers" },
  { href: "/admin/users", label: "Users" },
  { href: "/support", label: "Support console" },
];

export function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Administration" className="mb-6 flex flex-wrap gap-4 border-b border-slate-200 pb-3 text-sm">
      {LINKS.map((l) => (
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

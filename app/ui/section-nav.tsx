// The row of section links at the top of a console page; the current page is marked for
// screen readers (aria-current) and by an underline.
import Link from "next/link";

export type NavLink = { href: string; label: string };

export function SectionNav({ label, links, current }: { label: string; links: readonly NavLink[]; current: string }) {
  return (
    <nav aria-label={label} className="mb-6 flex flex-wrap gap-4 border-b border-slate-200 pb-3 text-sm">
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

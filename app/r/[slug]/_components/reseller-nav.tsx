// The reseller's section links, shown at the top of every reseller page. The current section is
// marked with aria-current so screen readers say where you are.
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export type ResellerSection = "dashboard" | "orders" | "new-order" | "customers" | "services" | "api" | "webhooks";

const LINKS = [
  { id: "dashboard", label: "dashboard", path: "" },
  { id: "orders", label: "orders", path: "/orders" },
  { id: "new-order", label: "newOrder", path: "/orders/new" },
  { id: "customers", label: "customers", path: "/customers" },
  { id: "services", label: "services", path: "/services" },
  { id: "api", label: "apiAccess", path: "/api" },
  { id: "webhooks", label: "webhooks", path: "/webhooks" },
] as const;

export async function ResellerNav({ slug, current }: { slug: string; current?: ResellerSection }) {
  const t = await getTranslations("nav");
  return (
    <nav aria-label={t("resellerLabel")} className="-mt-4 mb-6 overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-1">
        {LINKS.map((l) => (
          <li key={l.id}>
            <Link
              href={`/r/${slug}${l.path}`}
              aria-current={l.id === current ? "page" : undefined}
              className="inline-block border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:text-blue-800 focus-visible:outline-2 focus-visible:outline-blue-700 aria-[current=page]:border-blue-700 aria-[current=page]:text-blue-900"
            >
              {t(l.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// Step one of a new order: which kind. Links, not a form, so each kind's form has its own URL.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ORDER_KINDS } from "@/lib/orders/schemas";

export async function KindChooser({ slug, customerId }: { slug: string; customerId?: string }) {
  const [t, kinds, descriptions] = await Promise.all([
    getTranslations("orderForm.page"),
    getTranslations("kinds"),
    getTranslations("orderForm.kindDescriptions"),
  ]);
  const suffix = customerId ? `&customer=${encodeURIComponent(customerId)}` : "";
  return (
    <ul className="grid gap-4 sm:grid-cols-2" aria-label={t("kindsLabel")}>
      {ORDER_KINDS.map((kind) => (
        <li key={kind}>
          <Link
            href={`/r/${slug}/orders/new?kind=${kind}${suffix}`}
            className="block h-full rounded-md border border-slate-300 bg-white p-4 hover:border-blue-700 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-700"
          >
            <span className="block font-semibold text-blue-900">{kinds(kind)}</span>
            <span className="mt-1 block text-sm text-slate-700">{descriptions(kind)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

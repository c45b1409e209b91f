// Step one of a new order: which kind. Links, not a form, so each kind's form has its own URL.
import Link from "next/link";
import { ORDER_KINDS, orderKinds } from "@/lib/orders/schemas";

export function KindChooser({ slug, customerId }: { slug: string; customerId?: string }) {
  const suffix = customerId ? `&customer=${encodeURIComponent(customerId)}` : "";
  return (
    <ul className="grid gap-4 sm:grid-cols-2" aria-label="Order kinds">
      {ORDER_KINDS.map((kind) => (
        <li key={kind}>
          <Link
            href={`/r/${slug}/orders/new?kind=${kind}${suffix}`}
            className="block h-full rounded-md border border-slate-300 bg-white p-4 hover:border-blue-700 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-700"
          >
            <span className="block font-semibold text-blue-900">{orderKinds[kind].label}</span>
            <span className="mt-1 block text-sm text-slate-700">{orderKinds[kind].description}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

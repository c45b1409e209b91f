import Link from "next/link";

// Shown for unknown pages and for pages the signed-in user may not see: the two look the same,
// so nothing tells a reseller that another tenant's page exists.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <p className="text-sm font-semibold text-sky-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-slate-600">The page does not exist or you do not have access to it.</p>
        <Link href="/login" className="mt-6 inline-block font-medium text-sky-700 hover:text-sky-800">
          Back to the portal
        </Link>
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy's nonce is new each time and Next
// can only put it on the scripts of a page it renders now (docs/security.md "Headers").
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Mail reseller portal", template: "%s · Mail reseller portal" },
  description: "Order and track hosted mail domains, managers and servers for your customers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}

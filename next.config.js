import createNextIntlPlugin from "next-intl/plugin";

// Language and time zone are chosen per request in i18n/request.ts (docs/i18n.md); URLs carry
// no locale prefix.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  // For browsers without CSP frame-ancestors support.
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native code or connection pools stay outside the bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "argon2", "prom-client"],
  poweredByHeader: false,
  // Build tooling, not app code: lets parallel test runs build into separate folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Fixed security headers on every response, static files included (docs/security.md
  // "Headers and cookies"). The per-request Content-Security-Policy and HSTS come from proxy.ts.
  async headers() {
    const headers = Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [{ source: "/:path*", headers }];
  },
  // Browsers still ask for /favicon.ico now and then (before they read the page's icon link, or
  // after a response that is not a page): the same icon answers there instead of a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};
export default withNextIntl(nextConfig);

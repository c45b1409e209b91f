import createNextIntlPlugin from "next-intl/plugin";

// Language and time zone are chosen per request in i18n/request.ts (docs/i18n.md); URLs carry
// no locale prefix.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native code or connection pools stay outside the bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "argon2", "prom-client"],
  poweredByHeader: false,
  // Build tooling, not app code: lets parallel test runs build into separate folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Fixed security headers on every response, static files included (docs/security.md
  // "Headers"). The per-request Content-Security-Policy and HSTS come from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          // For browsers without CSP frame-ancestors support.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};
export default withNextIntl(nextConfig);

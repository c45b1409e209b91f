/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native code or connection pools stay outside the bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "argon2", "prom-client"],
  poweredByHeader: false,
  // Build tooling, not app code: lets parallel test runs build into separate folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};
export default nextConfig;

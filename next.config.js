/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native code or connection pools stay outside the bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bullmq", "ioredis", "argon2"],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;

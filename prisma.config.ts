// Prisma CLI configuration. The URL is only needed by CLI commands that talk to a database;
// `prisma generate` runs without one (scripts/prisma-generate.mjs supplies a placeholder).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

// The Prisma client, one per process. Next.js dev reloads modules, so the instance is kept on
// globalThis to avoid opening a new pool on every reload.
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var prisma: PrismaClient | undefined;
}
const globalForPrisma = globalThis;

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: 20 }) });
}

/** Lazily created so that importing this module (e.g. during `next build`) opens nothing. */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.prisma?.$disconnect();
  globalForPrisma.prisma = undefined;
}

export { Prisma } from "@/lib/generated/prisma/client";
export type { PrismaClient };

// The Prisma client, one per process, and the pg pool it runs on. Next.js dev reloads modules, so
// both are kept on globalThis to avoid opening a new pool on every reload. The worker's hot path
// sends its few statements straight through the same pool (`sqlRows`, no ORM in between:
// docs/benchmarks/worker.md "Plain pg on the hot path"), so it opens no connections of its own.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient } from "@/lib/generated/prisma/client";

declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var prisma: PrismaClient | undefined;
  var prismaPool: pg.Pool | undefined;
}
const globalForPrisma = globalThis;

function createClient(): PrismaClient {
  // A connection attempt that never settles (a network partition mid-handshake) would otherwise
  // wait forever and stall the loop that asked for it (the worker's relay, which releases lost
  // attempts); 5 s is what Prisma's own pools allowed before they ran on a driver adapter.
  //
  // `min`: connections opened under load stay open down to this floor while the process idles (the
  // rest close after pg's 10 s); by default all of them, since a floor below what a wave of
  // requests opens only makes that wave open the difference. Without it a web process that sat idle paid for new connections,
  // and their prepared statements, on the first wave of requests after it (docs/operations.md
  // "Postgres connections"). `allowExitOnIdle`: those idle connections never keep a process alive
  // (a test file or script that ends without disconnectDb() still exits); a connection running a
  // statement does.
  const { DATABASE_URL, DATABASE_POOL_MAX, DATABASE_POOL_MIN } = env();
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_MAX,
    min: DATABASE_POOL_MIN ?? DATABASE_POOL_MAX,
    allowExitOnIdle: true,
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection that breaks (Postgres restarted) is dropped by the pool; without a
  // listener the error would end the process.
  pool.on("error", () => undefined);
  globalForPrisma.prismaPool = pool;
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/** Lazily created so that importing this module (e.g. during `next build`) opens nothing. */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * Runs one statement built with Prisma.sql on the pool directly and returns its rows as pg gives
 * them (jsonb parsed, bytea as Buffer, timestamptz as Date, int8 as string: cast counts to int).
 * For the statements every order pays for (the worker's steps, and placing an order: its context
 * and insert), the hot page reads and the health probes, where the ORM's per-call cost or its
 * query compiler showed in profiles; other code uses db().
 */
export async function sqlRows<T>(statement: Prisma.Sql): Promise<T[]> {
  db();
  const result = await globalForPrisma.prismaPool!.query(statement.text, statement.values as unknown[]);
  return result.rows as T[];
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one pooled connection (ROLLBACK when it throws); `fn` sends
 * its statements with the `rows` it is given. For the worker's periodic loops, which then never
 * load the ORM's query compiler while the worker idles (docs/benchmarks/worker.md "Idle memory").
 */
export async function sqlTransaction<T>(
  fn: (rows: <R>(statement: Prisma.Sql) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  db();
  const client = await globalForPrisma.prismaPool!.connect();
  // While checked out, the pool no longer listens for the connection's errors, and `fn` may await
  // something else (the relay rings Redis inside its transaction): a connection reset in that gap
  // is emitted as an 'error' event, and an 'error' nobody listens to ends the process. Keep it,
  // fail the transaction's next statement, and let the pool discard the connection.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(async <R>(statement: Prisma.Sql) => {
      if (broken) throw broken;
      return (await client.query(statement.text, statement.values as unknown[])).rows as R[];
    });
    if (broken) throw broken;
    await client.query("COMMIT");
    return result;
  } catch (err) {
    if (!broken) await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

/** `sqlRows` in the shape of the client's `$queryRaw`, for code written against a client or transaction. */
export const plainSql = {
  $queryRaw: (statement: Prisma.Sql) => sqlRows(statement),
} as unknown as Pick<PrismaClient, "$queryRaw">;

export async function disconnectDb(): Promise<void> {
  const { prisma, prismaPool } = globalForPrisma;
  globalForPrisma.prisma = undefined;
  globalForPrisma.prismaPool = undefined;
  await prisma?.$disconnect();
  await prismaPool?.end().catch(() => undefined);
}

export { Prisma } from "@/lib/generated/prisma/client";
export type { PrismaClient };

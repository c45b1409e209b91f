// A Postgres connection that breaks while a transaction holds it and awaits something else (the
// relay rings Redis inside its transaction) must fail that transaction, not the process: an
// 'error' event nobody listens to ends a Node process, and a worker that dies this way leaves its
// orders to the next worker's relay (docs/reliability.md "Deadlines"). The connection runs through
// a proxy the test cuts, as a network partition or a Postgres restart would cut it.
import { describe, expect, it } from "vitest";
import { Prisma, sqlRows, sqlTransaction } from "@/lib/db";
import { databaseThroughProxyForThisFile } from "../support/tcp-proxy";

const proxy = databaseThroughProxyForThisFile();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a connection cut while a transaction holds it", () => {
  it("fails that transaction, and the next one runs on a fresh connection", async () => {
    const outcome = sqlTransaction(async (sql) => {
      await sql(Prisma.sql`SELECT 1`);
      proxy().cut();
      // Between statements, as while the relay awaits Redis: no query is active to take the error.
      await pause(300);
      proxy().restore();
      return sql(Prisma.sql`SELECT 2 AS n`);
    });
    await expect(outcome).rejects.toThrow();

    // The broken connection went back to no one: the next statements get a working one.
    const [row] = await sqlTransaction((sql) => sql<{ n: number }>(Prisma.sql`SELECT 3 AS n`));
    expect(row).toEqual({ n: 3 });
    expect(await sqlRows<{ n: number }>(Prisma.sql`SELECT 4 AS n`)).toEqual([{ n: 4 }]);
  });
});

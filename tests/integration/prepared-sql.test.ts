// The worker's per-order statements are prepared once per pooled connection (lib/prepared-sql.ts):
// Postgres must hold them as named statements (else it plans every order's statement again, the
// cost docs/benchmarks/postgres.md "Prepared statements on the hot path" measured), the same text must keep
// its name, and a statement must still run after its connection was cut (a restarted Postgres).
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb, Prisma, sqlRows } from "@/lib/db";
import { fixedStatement, preparedRows } from "@/lib/prepared-sql";

afterAll(async () => {
  await disconnectDb();
});

type Prepared = { name: string; statement: string };
// Postgres lists a session's prepared statements, this one included once it is prepared.
const listing = () =>
  Prisma.sql`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE ${"%pg_prepared_statements%"}`;

describe("preparedRows", () => {
  it("runs a statement as a named prepared statement, under the same name each time", async () => {
    const first = await preparedRows<Prepared>(listing());
    const mine = first.find((r) => r.statement === listing().text);
    expect(mine?.name).toMatch(/^hot_\d+$/);
    for (let i = 0; i < 5; i++) {
      const again = await preparedRows<Prepared>(listing());
      expect(again.find((r) => r.statement === listing().text)?.name).toBe(mine?.name);
    }
  });

  it("gives parameters their values on every run (a cached plan never keeps the first run's)", async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const [row] = await preparedRows<{ doubled: number }>(Prisma.sql`SELECT (${n}::int * 2) AS doubled`);
      expect(row?.doubled).toBe(n * 2);
    }
  });

  it("still runs after Postgres ended the connections that held the statement", async () => {
    const statement = () => Prisma.sql`SELECT ${"alive"}::text AS said`;
    expect((await preparedRows<{ said: string }>(statement()))[0]?.said).toBe("alive");
    // This process's pooled connections (touched all at once), ended as a Postgres restart ends them.
    const pids = await Promise.all(
      Array.from({ length: 20 }, () =>
        sqlRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`).then((r) => r[0]!.pid),
      ),
    );
    const [killer] = await sqlRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
    const others = [...new Set(pids)].filter((pid) => pid !== killer?.pid);
    await sqlRows(Prisma.sql`SELECT pg_terminate_backend(pid) FROM unnest(${others}::int[]) pid`);
    await sqlRows(Prisma.sql`SELECT pg_terminate_backend(pg_backend_pid())`).catch(() => undefined);
    // The pool drops the broken connections; a new one prepares the statement again.
    let said: string | undefined;
    for (let i = 0; i < 20 && said === undefined; i++) {
      said = await preparedRows<{ said: string }>(statement())
        .then((rows) => rows[0]?.said)
        .catch(() => undefined);
    }
    expect(said).toBe("alive");
  });
});

describe("fixedStatement", () => {
  // Built once, run with each call's own values, under one prepared name (the worker's claim).
  const doubled = fixedStatement(
    ["n", "label"],
    (v) => Prisma.sql`SELECT (${v.n}::int * 2) AS doubled,
    ${v.label}::text AS label, ${"fixed"}::text AS kept, (SELECT name FROM pg_prepared_statements
    WHERE statement LIKE ${"%AS doubled,%AS kept%"}) AS name`,
  );

  it("fills in each call's values and keeps the built-in ones", async () => {
    const names = new Set<string | undefined>();
    for (const n of [3, 5, 8]) {
      const [row] = await doubled.rows<{ doubled: number; label: string; kept: string; name: string | null }>({
        n,
        label: `call ${n}`,
      });
      expect(row).toMatchObject({ doubled: n * 2, label: `call ${n}`, kept: "fixed" });
      names.add(row?.name ?? undefined);
    }
    // Each run found itself prepared (the connection may differ, the name may not).
    expect([...names]).toEqual([expect.stringMatching(/^hot_\d+$/)]);
  });

  it("refuses a statement that puts a value into its text instead of a parameter", async () => {
    const wrong = fixedStatement(["id"], (v) => Prisma.raw(`SELECT '${String(v.id)}' AS id`));
    await expect(wrong.rows({ id: "x" })).rejects.toThrow(/id not used as a value/);
  });
});

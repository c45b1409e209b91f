// Diagnostic behind the pipeline benchmarks: the CPU one Node process spends per database call
// through Prisma 7 (query compiler + @prisma/adapter-pg) versus the pg driver alone, for the
// shapes the worker uses per order: a primary-key read, an optimistic UPDATE … RETURNING, and a
// short interactive transaction; and raw SQL sent through Prisma. CPU per call, not wall time,
// so the shared machine's load matters less. Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/db-call-cost.ts [calls=2000] [concurrency=20]
import { performance } from "node:perf_hooks";
import { type BenchRow, report } from "./lib/bench-kit";
import { benchStack, placeQboxDomain, pool, seedTenant } from "./lib/bench-stack";

const CALLS = Number(process.argv[2] ?? 2_000);
const CONCURRENCY = Number(process.argv[3] ?? 20);

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
const pg = (await import("pg")).default;
const raw = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

async function measure(name: string, op: () => Promise<unknown>): Promise<BenchRow[]> {
  await pool(200, CONCURRENCY, async () => void (await op())); // warm-up
  const cpu = process.cpuUsage();
  const t = performance.now();
  await pool(CALLS, CONCURRENCY, async () => void (await op()));
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [
    { metric: `${name}: CPU per call`, measured: (used.user + used.system) / 1000 / CALLS, unit: "ms" },
    { metric: `${name}: calls per second`, measured: CALLS / (wall / 1000), unit: "/s" },
  ];
}

async function run(): Promise<BenchRow[]> {
  const tenant = await seedTenant();
  const id = await placeQboxDomain(tenant, `cost-${tenant.tag}.example.com`);
  const rows: BenchRow[] = [];
  rows.push(
    ...(await measure("Prisma findUnique", () =>
      db().order.findUnique({ where: { id }, select: { id: true, status: true, version: true, payload: true } }),
    )),
  );
  rows.push(
    ...(await measure("pg SELECT", () =>
      raw.query(`SELECT id, status, version, payload FROM "order" WHERE id = $1`, [id]),
    )),
  );
  rows.push(
    ...(await measure("Prisma updateManyAndReturn", () =>
      db().order.updateManyAndReturn({ where: { id }, data: { lastError: "x" }, select: { resellerId: true } }),
    )),
  );
  rows.push(
    ...(await measure(
      "Prisma $queryRaw UPDATE … RETURNING",
      () => db().$queryRaw`UPDATE "order" SET last_error = 'x' WHERE id = ${id}::uuid RETURNING reseller_id`,
    )),
  );
  rows.push(
    ...(await measure("pg UPDATE … RETURNING", () =>
      raw.query(`UPDATE "order" SET last_error = 'x' WHERE id = $1 RETURNING reseller_id`, [id]),
    )),
  );
  rows.push(
    ...(await measure("Prisma interactive tx (2 updates)", () =>
      db().$transaction(async (tx) => {
        await tx.order.updateMany({ where: { id }, data: { lastError: "y" } });
        await tx.order.updateMany({ where: { id }, data: { lastError: "z" } });
      }),
    )),
  );
  rows.push(
    ...(await measure("pg BEGIN, 2 updates, COMMIT", async () => {
      const c = await raw.connect();
      try {
        await c.query("BEGIN");
        await c.query(`UPDATE "order" SET last_error = 'y' WHERE id = $1`, [id]);
        await c.query(`UPDATE "order" SET last_error = 'z' WHERE id = $1`, [id]);
        await c.query("COMMIT");
      } finally {
        c.release();
      }
    })),
  );
  return rows;
}

try {
  report(`Database call cost in one process (${CALLS} calls, ${CONCURRENCY} concurrent)`, await run());
} finally {
  await raw.end();
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);

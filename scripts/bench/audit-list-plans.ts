// Benchmark: the audit log's reads at a million orders, with the audit_event indexes before and
// after migration *_audit_event_indexes (docs/benchmarks/postgres.md "Fewer audit_event indexes"). Seeds
// the settled history the latency run uses (BENCH_HISTORY's seed: orders of 50 resellers, each with
// its two audit rows through the chain's trigger, at spread over the last year), then for each read
// prints, best of five, EXPLAIN (ANALYZE, BUFFERS): the support audit list (lib/support/audit-query.ts,
// newest first by id, 51 rows) under each filter, an order's timeline (lib/orders/queries/get-order.ts,
// lib/support/order-detail.ts) and a service's trail (lib/services/queries.ts). The SQL is what those
// Prisma queries send, written out; the order filter is `order_id = …` before and `chain_key = … AND
// order_id = …` after, as the code reads it on each side.
// Variants, alternated as given: `old` (order_id, id), (reseller_id, at), (actor_id, at),
// (action, at), (at); `new` (reseller_id, id), (actor_id, id), (action, id), (at); `brin` as new
// with a BRIN index on at instead of the btree (tried, not taken: the planner then walks the
// primary key for a time window).
// Also the list filtered by time alone, newest first by time, as it is read now.
// Prints figures; asserts nothing.
//   npx tsx scripts/bench/audit-list-plans.ts [orders=1000000] [variants=old,new,old,new] [--hold] [--reuse=<url>]
// --hold keeps Postgres up after the runs (prints its URL) until Ctrl-C, for pgbench and manual EXPLAINs;
// --reuse=<url> runs the reads on a database a --hold run left up, without seeding again.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { loadNote } from "./lib/bench-kit";
import { resellerId, resellerUserId, seedHistoryFromEnv } from "./lib/bench-seed";

const ORDERS = Number(process.argv[2] ?? 1_000_000);
const VARIANTS = (process.argv[3] ?? "old,new,old,new").split(",");
const HOLD = process.argv.includes("--hold");
const ROUNDS = 5;

const INDEXES = {
  old: [
    `CREATE INDEX "audit_event_order_id_id_idx" ON audit_event (order_id, id)`,
    `CREATE INDEX "audit_event_reseller_id_at_idx" ON audit_event (reseller_id, at)`,
    `CREATE INDEX "audit_event_actor_id_at_idx" ON audit_event (actor_id, at)`,
    `CREATE INDEX "audit_event_action_at_idx" ON audit_event (action, at)`,
    `CREATE INDEX "audit_event_at_idx" ON audit_event (at)`,
  ],
  new: [
    `CREATE INDEX "audit_event_reseller_id_id_idx" ON audit_event (reseller_id, id)`,
    `CREATE INDEX "audit_event_actor_id_id_idx" ON audit_event (actor_id, id)`,
    `CREATE INDEX "audit_event_action_id_idx" ON audit_event (action, id)`,
    `CREATE INDEX "audit_event_at_idx" ON audit_event (at)`,
  ],
  brin: [
    `CREATE INDEX "audit_event_reseller_id_id_idx" ON audit_event (reseller_id, id)`,
    `CREATE INDEX "audit_event_actor_id_id_idx" ON audit_event (actor_id, id)`,
    `CREATE INDEX "audit_event_action_id_idx" ON audit_event (action, id)`,
    `CREATE INDEX "audit_event_at_idx" ON audit_event USING brin (at)`,
  ],
} as const;
type Variant = keyof typeof INDEXES;

const REUSE = process.argv.find((a) => a.startsWith("--reuse="))?.slice("--reuse=".length);
const { ensureServiceBinaries, freePort, startPostgres, tmpRoot } = await import("../lib/services.mjs");
const root = tmpRoot();
const pgServer = REUSE ? undefined : await startAndSeed();
const client = new pg.Client({ connectionString: REUSE ?? pgServer!.url });
await client.connect();
const sql = async (q: string) => (await client.query(q)).rowCount;

async function startAndSeed(): Promise<{ url: string; stop: () => unknown }> {
  ensureServiceBinaries();
  const server = await startPostgres({ dir: path.join(root, "pg"), port: await freePort(), db: "portal_bench" });
  execFileSync(process.execPath, ["scripts/migrate.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: server.url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const seeding = new pg.Client({ connectionString: server.url });
  await seeding.connect();
  const run = async (q: string) => (await seeding.query(q)).rowCount;
  process.env.BENCH_HISTORY = String(ORDERS);
  await seedHistoryFromEnv(run);
  // The seed inserts each order's chain in turn (ordered by order id), so its ids do not follow
  // `at`; a running installation appends, and id order is time order. The rows are written again
  // in time order (ids renumbered by `at`; the hashes no longer verify, which these reads ignore),
  // with the chain's and the append-only guard's triggers off in this throw-away database.
  await run("ALTER TABLE audit_event DISABLE TRIGGER ALL");
  await run("CREATE TEMP TABLE audit_copy AS SELECT * FROM audit_event");
  await run("TRUNCATE audit_event");
  await run(`INSERT INTO audit_event (id, at, actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after,
      reason, chain_key, chain_seq, prev_hash, hash)
    SELECT row_number() OVER (ORDER BY at, id), at, actor_type, actor_id, actor_label, reseller_id, order_id, action, before,
      after, reason, chain_key, chain_seq, prev_hash, hash FROM audit_copy ORDER BY at, id`);
  await run("SELECT setval(pg_get_serial_sequence('audit_event', 'id'), (SELECT max(id) FROM audit_event))");
  await run("ALTER TABLE audit_event ENABLE TRIGGER ALL");
  await run("VACUUM (ANALYZE) audit_event");
  await seeding.end();
  return server;
}

const r7 = resellerId(7);
const [anOrder] = (
  await client.query<{ id: string }>(
    `SELECT id FROM "order" WHERE reseller_id = $1 ORDER BY created_at DESC OFFSET 5000 LIMIT 1`,
    [r7],
  )
).rows;
const orderId = anOrder!.id;
// The service's own events (activation checks, drift actions) are few: 2,000 of the reseller's for
// other services and three for the one whose trail is read, written last (the newest rows).
const TRAIL_SERVICE = "00000000-0000-4000-b000-000000000001";
if (!REUSE) {
  await sql(`INSERT INTO audit_event (actor_type, actor_id, reseller_id, action, after)
    SELECT 'worker', 'drift', '${r7}', 'service.ownership_checked', jsonb_build_object('serviceId', gen_random_uuid())
    FROM generate_series(1, 2000)`);
  await sql(`INSERT INTO audit_event (actor_type, actor_id, reseller_id, action, after)
    SELECT 'worker', 'drift', '${r7}', 'service.ownership_checked', jsonb_build_object('serviceId', '${TRAIL_SERVICE}')
    FROM generate_series(1, 3)`);
  await sql("ANALYZE audit_event");
}
const [range] = (await client.query<{ lo: Date; hi: Date }>("SELECT min(at) AS lo, max(at) AS hi FROM audit_event"))
  .rows;
const at = (fraction: number) =>
  `'${new Date(range!.lo.getTime() + fraction * (range!.hi.getTime() - range!.lo.getTime())).toISOString()}'::timestamptz`;
const page = (where: string) => `SELECT * FROM audit_event WHERE ${where} ORDER BY id DESC LIMIT 51`;
// Filtered by time alone the list is newest first by time (lib/support/audit-query.ts), and a next
// page starts below its cursor row's (at, id): here the 51st row of the first page.
const pageByTime = (where: string) => `SELECT * FROM audit_event WHERE ${where} ORDER BY at DESC, id DESC LIMIT 51`;
const cursorRow = async (where: string) =>
  (
    await client.query<{ id: string; at: Date }>(
      `SELECT id::text AS id, at FROM audit_event WHERE ${where} ORDER BY at DESC, id DESC OFFSET 50 LIMIT 1`,
    )
  ).rows[0]!;
const belowCursor = (c: { id: string; at: Date }) =>
  `at <= '${c.at.toISOString()}' AND (at < '${c.at.toISOString()}' OR (at = '${c.at.toISOString()}' AND id < ${c.id}))`;
const middleCursor = await cursorRow(`at <= ${at(0.5)}`);
const byOrder = (v: Variant) =>
  v === "old" ? `order_id = '${orderId}'` : `chain_key = 'order:${orderId}' AND order_id = '${orderId}'`;

const READS: Array<[string, (v: Variant) => string]> = [
  ["list, no filter", () => page("true")],
  ["list, reseller", () => page(`reseller_id = '${r7}'`)],
  ["list, actor (a reseller's user)", () => page(`actor_id = '${resellerUserId(7)}'`)],
  ["list, actor (the worker)", () => page(`actor_id = 'history'`)],
  ["list, action order.failed", () => page(`action = 'order.failed'`)],
  ["list, action prefix order.", () => page(`action LIKE 'order.%'`)],
  ["list, action with no rows", () => page(`action = 'support.none'`)],
  ["list, order", (v) => page(byOrder(v))],
  ["list, from: the last 1 %", () => page(`at >= ${at(0.99)}`)],
  ["list, to: the first 1 %", () => page(`at <= ${at(0.01)}`)],
  ["list, to: the middle", () => page(`at <= ${at(0.5)}`)],
  ["list, a day in the middle", () => page(`at >= ${at(0.5)} AND at <= ${at(0.503)}`)],
  ["list by time, to: the first 1 %", () => pageByTime(`at <= ${at(0.01)}`)],
  ["list by time, to: the middle", () => pageByTime(`at <= ${at(0.5)}`)],
  ["list by time, to: the middle, page 2", () => pageByTime(`at <= ${at(0.5)} AND ${belowCursor(middleCursor)}`)],
  ["list by time, a day in the middle", () => pageByTime(`at >= ${at(0.5)} AND at <= ${at(0.503)}`)],
  ["list by time, a month in the middle", () => pageByTime(`at >= ${at(0.42)} AND at <= ${at(0.503)}`)],
  ["list, a month in the middle", () => page(`at >= ${at(0.42)} AND at <= ${at(0.503)}`)],
  ["list, reseller, to: the first 1 %", () => page(`reseller_id = '${r7}' AND at <= ${at(0.01)}`)],
  [
    "list, reseller, a day in the middle",
    () => page(`reseller_id = '${r7}' AND at >= ${at(0.5)} AND at <= ${at(0.503)}`),
  ],
  [
    "order timeline",
    (v) =>
      `SELECT id, at, actor_type, actor_id, actor_label, action, before, after, reason FROM audit_event WHERE ${byOrder(v)} ORDER BY id ASC`,
  ],
  [
    "service trail",
    (v) => `SELECT id, at, action, actor_type, actor_label, reason, order_id FROM audit_event
      WHERE reseller_id = '${r7}' AND (${v === "old" ? `order_id IN ('${orderId}')` : `(chain_key IN ('order:${orderId}') AND order_id IN ('${orderId}'))`}
        OR (action LIKE 'service.%' AND (after #> ARRAY['serviceId']::text[]) = '"${TRAIL_SERVICE}"'::jsonb))
      ORDER BY id DESC LIMIT 200`,
  ],
  [
    // lib/services/queries.ts serviceAudit since migration *_audit_event_service_trail: two halves, each by its index.
    "service trail, two halves",
    (v) => `SELECT id::text AS id, at, action, actor_type, actor_label, reason, order_id FROM (
      (SELECT id, at, action, actor_type, actor_label, reason, order_id FROM audit_event
        WHERE reseller_id = '${r7}' AND ${v === "old" ? `order_id = ANY('{${orderId}}'::uuid[])` : `chain_key = ANY('{order:${orderId}}'::text[]) AND order_id = ANY('{${orderId}}'::uuid[])`}
        ORDER BY id DESC LIMIT 200)
      UNION
      (SELECT id, at, action, actor_type, actor_label, reason, order_id FROM audit_event
        WHERE reseller_id = '${r7}' AND action LIKE 'service.%' AND after->>'serviceId' = '${TRAIL_SERVICE}'
        ORDER BY id DESC LIMIT 200)
    ) trail ORDER BY trail.id DESC LIMIT 200`,
  ],
];

type Plan = { "Execution Time": number; Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } };
function nodesOf(plan: Record<string, unknown>): string[] {
  const own = `${plan["Node Type"]}${plan["Index Name"] ? `(${plan["Index Name"]})` : ""}`;
  return [own, ...((plan.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(nodesOf)];
}

async function switchTo(v: Variant): Promise<void> {
  for (const name of [
    "audit_event_order_id_id_idx",
    "audit_event_reseller_id_at_idx",
    "audit_event_actor_id_at_idx",
    "audit_event_action_at_idx",
    "audit_event_at_idx",
    "audit_event_reseller_id_id_idx",
    "audit_event_actor_id_id_idx",
    "audit_event_action_id_idx",
  ])
    await sql(`DROP INDEX IF EXISTS "${name}"`);
  for (const create of INDEXES[v]) await sql(create);
  await sql("ANALYZE audit_event");
}

for (const v of VARIANTS as Variant[]) {
  if (!(v in INDEXES)) throw new Error(`variant ${v}: old, new or brin`);
  await switchTo(v);
  console.log(`\n== ${v} (load ${loadNote()}, ${new Date().toISOString()})`);
  for (const [name, query] of READS) {
    let best: { ms: number; buffers: number; nodes: string } | undefined;
    for (let i = 0; i < ROUNDS; i++) {
      const res = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query(v)}`);
      const plan = (res.rows[0]["QUERY PLAN"] as Plan[])[0]!;
      const ms = plan["Execution Time"];
      if (!best || ms < best.ms)
        best = {
          ms,
          buffers: plan.Plan["Shared Hit Blocks"] + plan.Plan["Shared Read Blocks"],
          nodes: nodesOf(plan.Plan as unknown as Record<string, unknown>).join(" > "),
        };
    }
    console.log(
      `${name.padEnd(38)} ${best!.ms.toFixed(2).padStart(8)} ms ${String(best!.buffers).padStart(7)} buffers  ${best!.nodes}`,
    );
  }
}

await client.end();
if (pgServer) {
  if (HOLD) {
    console.log(`\nholding Postgres at ${pgServer.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  }
  await pgServer.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

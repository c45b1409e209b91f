// What the rule "a grommunio server delete must not overtake a domain order bound for it" costs
// (docs/lifecycle.md "Deleting a grommunio server"). A grommunio domain placement now runs in a
// transaction: the server's advisory lock (shared), one check, the insert; a server delete takes
// the lock alone and reads the open domain orders bound for the server. Measured at the lib level
// (placeOrder / placeChange, the web app's own path) against a real Postgres holding `history`
// settled grommunio domain orders and `open` open ones spread over 200 servers:
// - grommunio domains on a named server, and Qboxmail domains (no guard) for comparison, with
//   K callers: orders/s, p50/p99, CPU per order of this process and of Postgres;
// - server deletes refused for open domain orders: latency and Postgres CPU per refusal;
// - the plans of both checks (EXPLAIN ANALYZE): which index, how many buffers.
// Prints figures; asserts nothing.
//   Run: npx tsx scripts/bench/server-delete-guard.ts [orders=1000] [callers=20] [history=200000] [open=2000]
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { type BenchRow, loadNote, percentile, report, sortNumbers } from "./lib/bench-kit";
import { benchStack, placeQboxDomain, pool, seedTenant } from "./lib/bench-stack";

const N = Number(process.argv[2] ?? 1_000);
const CALLERS = Number(process.argv[3] ?? 20);
const HISTORY = Number(process.argv[4] ?? 200_000);
const OPEN = Number(process.argv[5] ?? 2_000);
const SERVERS = 200;

const stack = await benchStack();
const { db, disconnectDb, Prisma, sqlRows } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
const { placeOrder } = await import("../../lib/orders/place-order");
const { placeChange } = await import("../../lib/services/place-change");

const t = await seedTenant();
// Servers 1..200, each a succeeded server order with its live service, as the pipeline leaves them.
await db().$executeRawUnsafe(
  `WITH o AS (
     INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key, display_name,
                          payload, idempotency_key, upstream_ref, version, updated_at)
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, 'grommunio_server', 'grommunio', 'succeeded',
            'mx' || g || '.bench.example', 'mx' || g || '.bench.example', '{}'::jsonb, 'srv-' || g, g::text, 3, now()
       FROM generate_series(1, ${SERVERS}) g
     RETURNING id, upstream_ref, natural_key)
   INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key, display_name,
                        create_order_id, updated_at)
   SELECT gen_random_uuid(), $1::uuid, $2::uuid, 'grommunio_server', 'grommunio', o.upstream_ref, o.natural_key,
          o.natural_key, o.id, now() FROM o`,
  t.reseller.id,
  t.customer.id,
  t.user.id,
);
// Domain orders on them: settled history, and open ones (queued) the delete check must find.
await db().$executeRawUnsafe(
  `INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key, display_name,
                        payload, idempotency_key, upstream_ref, version, updated_at)
   SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, 'grommunio_domain', 'grommunio',
          (CASE WHEN g <= ${OPEN} THEN 'queued' ELSE 'succeeded' END)::"OrderStatus",
          'h' || g || '.bench.example', 'h' || g || '.bench.example',
          jsonb_build_object('domainname', 'h' || g || '.bench.example', 'maxUser', 10, 'homeserver', 1 + g % ${SERVERS}),
          'hist-' || g, CASE WHEN g <= ${OPEN} THEN NULL ELSE (100000 + g)::text END, 3, now()
     FROM generate_series(1, ${HISTORY + OPEN}) g`,
  t.reseller.id,
  t.customer.id,
  t.user.id,
);
await db().$executeRawUnsafe(`VACUUM (ANALYZE) "order"`);
await db().$executeRawUnsafe(`VACUUM (ANALYZE) service`);

async function phase(label: string, place: (i: number) => Promise<void>): Promise<BenchRow[]> {
  const latencies: number[] = [];
  let failed = 0;
  const cpuAtStart = cpuSnapshot(stack.root);
  const start = performance.now();
  await pool(N, CALLERS, async (i) => {
    const s = performance.now();
    try {
      await place(i);
      latencies.push(performance.now() - s);
    } catch {
      failed++;
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuDelta(cpuAtStart, cpuSnapshot(stack.root));
  const sorted = sortNumbers(latencies);
  return [
    { metric: `${label}: throughput (${CALLERS} callers)`, measured: latencies.length / seconds, unit: "/s" },
    { metric: `${label}: latency p50`, measured: percentile(sorted, 50), unit: "ms" },
    { metric: `${label}: latency p99`, measured: percentile(sorted, 99), unit: "ms" },
    { metric: `${label}: calls that failed`, measured: failed, unit: `of ${N}` },
    { metric: `${label}: CPU per call, this process`, measured: cpu.bench / N, unit: "ms" },
    { metric: `${label}: CPU per call, Postgres`, measured: cpu.postgres / N, unit: "ms" },
  ];
}

const rows: BenchRow[] = [];
rows.push(
  ...(await phase("Qboxmail domain (no guard)", (i) => placeQboxDomain(t, `q${i}-${t.tag}.example.com`).then())),
);
rows.push(
  ...(await phase("grommunio domain on a named server", async (i) => {
    const r = await placeOrder(t.user, {
      customerId: t.customer.id,
      kind: "grommunio_domain",
      idempotencyKey: `bench-${randomUUID()}`,
      form: { domainname: `g${i}-${t.tag}.example.com`, maxUser: 10, title: "Org", homeserver: 1 + (i % SERVERS) },
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
  })),
);
const services = await db().service.findMany({
  where: { resellerId: t.reseller.id, kind: "grommunio_server" },
  select: { id: true, naturalKey: true },
});
rows.push(
  ...(await phase("server delete refused (domain orders open)", async (i) => {
    const s = services[i % services.length]!;
    const r = await placeChange(t.user, {
      serviceId: s.id,
      action: "delete",
      idempotencyKey: `bench-${randomUUID()}`,
      confirmName: s.naturalKey,
    });
    if (r.ok || r.refusal !== "blockedByOpenOrders") throw new Error(JSON.stringify(r));
  })),
);
report(`Server delete guard (history ${HISTORY}, open ${OPEN}, ${SERVERS} servers; ${loadNote()})`, rows);

// The two checks' plans, as the guards send them (lib/orders/server-retirement.ts).
const OPEN_LIST = `('pending', 'queued', 'provisioning', 'retrying', 'unknown', 'held')`;
const server = await db().service.findFirstOrThrow({
  where: { resellerId: t.reseller.id, upstreamRef: "7" },
  select: { createOrderId: true },
});
const plans = {
  "server delete: open domain orders bound for server 7": Prisma.sql`
    SELECT count(*)::int AS n,
           (array_agg(o.id::text ORDER BY o.created_at, o.id) FILTER (WHERE o.reseller_id = ${t.reseller.id}::uuid))[1:3] AS own
      FROM "order" o
     WHERE o.kind = 'grommunio_domain' AND o.action = 'create' AND o.status IN ${Prisma.raw(OPEN_LIST)}
       AND ((o.payload ->> 'homeserver') = ${"7"}::text OR o.depends_on_order_id = ${server.createOrderId}::uuid)`,
  "grommunio domain: open delete of server 7": Prisma.sql`
    SELECT (SELECT x.id FROM service v JOIN "order" x ON x.service_id = v.id
             WHERE v.kind = 'grommunio_server' AND v.status = 'active' AND v.upstream_ref = ${"7"}
               AND x.action = 'delete' AND x.status IN ${Prisma.raw(OPEN_LIST)} LIMIT 1) AS deleting`,
};
for (const [name, statement] of Object.entries(plans)) {
  const plan = await sqlRows<{ "QUERY PLAN": string }>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) ${statement}`,
  );
  console.log(`\n${name}:\n${plan.map((r) => `  ${r["QUERY PLAN"]}`).join("\n")}`);
}

await closeProducer();
await disconnectDb();
await stack.stop();

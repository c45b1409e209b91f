// What the placement's limit check costs in Postgres as a reseller's history grows: the tenant
// gets `orders` counting orders (copied in SQL from one placed order), then the statement
// placementContext() sends is run under EXPLAIN (ANALYZE, BUFFERS). Prints plans; asserts nothing.
//   Run: npx tsx scripts/bench/placement-limit-count.ts [orders=20000]
import { benchStack, placeQboxDomain, seedTenant } from "./lib/bench-stack";

const N = Number(process.argv[2] ?? 20_000);
const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");
const { closeProducer } = await import("../../lib/jobs/enqueue-order");
try {
  const t = await seedTenant();
  const first = await placeQboxDomain(t, `count-${t.tag}.example.com`);
  await db().$executeRawUnsafe(`
    INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key, display_name,
                         payload, idempotency_key, queued_at, updated_at, action, created_at)
    SELECT gen_random_uuid(), reseller_id, customer_id, created_by_id, kind, provider,
           (CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'succeeded' END)::"OrderStatus",
           'n' || g || natural_key, 'n' || g || display_name, payload, 'k' || g, queued_at, now(), action,
           now() - (g || ' seconds')::interval
    FROM "order", generate_series(1, ${N}) g WHERE id = '${first}'`);
  await db().$executeRawUnsafe(`VACUUM ANALYZE "order"`);
  const { placementContextSql } = await import("../../lib/orders/order-checks");
  const q = placementContextSql({
    resellerId: t.reseller.id,
    customerId: t.customer.id,
    kind: "qboxmail_domain",
    idempotencyKey: "not-there-123",
  });
  for (let i = 0; i < 3; i++) await db().$queryRawUnsafe(q.text, ...q.values);
  const plan = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) ${q.text}`,
    ...q.values,
  );
  console.log(`placementContext at ${N + 1} orders of the reseller:`);
  for (const r of plan) console.log(r["QUERY PLAN"]);
} finally {
  await closeProducer();
  await disconnectDb();
  await stack.stop();
}
process.exit(0);

// Seeding for the benchmarks that need thousands to millions of rows: plain SQL with
// generate_series, so a million orders take seconds, not the minutes row-by-row inserts would.
// The IDs are predictable (see the helpers below) so a benchmark can name "reseller 7" or
// "customer 12 of reseller 7" without reading them back.

/**
 * Runs one SQL statement (the benchmark passes db().$executeRawUnsafe, loaded after its stack
 * started); resolves to the number of rows it wrote.
 */
export type Sql = (query: string) => Promise<unknown>;

/** One line for a run's output: what the history holds and how long seeding it took. */
const describeHistory = (h: HistorySize) =>
  `history: ${h.order} settled orders, ${h.attempt} attempts, ${h.audit_event} audit rows, ${h.service} services; seeded and vacuumed in ${Object.values(
    h.seconds,
  )
    .reduce((a, b) => a + b, 0)
    .toFixed(1)} s (${Object.entries(h.seconds)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(", ")})`;

const id = (group: string, n: number) => `00000000-0000-4000-${group}-${String(n).padStart(12, "0")}`;
/** Reseller number n, and its one user. */
export const resellerId = (n: number) => id("8000", n);
export const resellerUserId = (n: number) => id("9000", n);
/** The SQL for the same IDs, from an integer SQL expression. */
const sqlId = (group: string, n: string) => `('00000000-0000-4000-${group}-' || lpad((${n})::text, 12, '0'))::uuid`;
export const resellerIdSql = (n: string) => sqlId("8000", n);
export const resellerUserIdSql = (n: string) => sqlId("9000", n);

/**
 * `resellers` resellers, each with one user (role reseller, no usable password), and their
 * customers: `spread` makes `customers` customers in all, customer g belonging to reseller
 * 1 + g % resellers (use customerId(g)); `per-reseller` makes `customers` customers for each
 * reseller (use customerOf(r, c)).
 */
export async function seedResellers(
  sql: Sql,
  opts: { resellers: number; customers: number; layout: "spread" | "per-reseller" },
): Promise<void> {
  await sql(`INSERT INTO reseller (id, name, slug, updated_at)
    SELECT ${sqlId("8000", "g")}, 'Reseller ' || g, 'r' || g, now()
    FROM generate_series(1, ${opts.resellers}) g`);
  await sql(`INSERT INTO app_user (id, email, name, role, reseller_id, password_hash, updated_at)
    SELECT ${sqlId("9000", "g")}, 'u' || g || '@example.test', 'User ' || g, 'reseller', ${sqlId("8000", "g")}, 'x', now()
    FROM generate_series(1, ${opts.resellers}) g`);
  if (opts.layout === "spread")
    await sql(`INSERT INTO customer (id, reseller_id, name, updated_at)
      SELECT ${customerIdSql("g")}, ${sqlId("8000", `1 + g % ${opts.resellers}`)}, 'Customer ' || g, now()
      FROM generate_series(1, ${opts.customers}) g`);
  else
    await sql(`INSERT INTO customer (id, reseller_id, name, updated_at)
      SELECT ${customerOfSql("r", "c")}, ${sqlId("8000", "r")}, 'Customer ' || r || '-' || c, now()
      FROM generate_series(1, ${opts.resellers}) r, generate_series(1, ${opts.customers}) c`);
}

/** Customer g of the `spread` layout. */
export const customerId = (g: number) => id("a000", g);
const customerIdSql = (g: string) => sqlId("a000", g);
/** Customer c of reseller r in the `per-reseller` layout. */
export const customerOf = (r: number, c: number) =>
  `00000000-0000-4000-a${String(r).padStart(3, "0")}-${String(c).padStart(12, "0")}`;
export const customerOfSql = (r: string, c: string) =>
  `('00000000-0000-4000-a' || lpad((${r})::text, 3, '0') || '-' || lpad((${c})::text, 12, '0'))::uuid`;

/**
 * Orders number `from`..`to` over the `spread` layout's customers, as production looks: all
 * four kinds, mostly succeeded with a few percent failed, cancelled or in flight, one in 50 with
 * an internationalized name (ASCII key, Unicode display name), order g created g × 30 s ago
 * (so a cursor at a fraction of the way down is a date).
 */
export async function seedSkewedOrders(
  sql: Sql,
  opts: { from: number; to: number; resellers: number; customers: number },
): Promise<void> {
  await insertOrders(sql, opts, "skewed");
  // What autovacuum does after a bulk load on a running installation, done now instead of during
  // the timed requests: statistics for the planner, and the visibility map that lets a count or a
  // list read its index without visiting every row (docs/benchmarks.md "The headline figures", the pages).
  await sql(`VACUUM (ANALYZE) "order"`);
  // The orders' search text, written by the insert's trigger (migration *_order_search).
  await sql("VACUUM (ANALYZE) order_search");
  await sql("ANALYZE");
}

/** `skewed`: a few percent still in flight (the pages show them); `settled`: every order terminal. */
const STATUS_SQL = {
  skewed: `CASE WHEN g % 100 < 90 THEN 'succeeded' WHEN g % 100 < 94 THEN 'failed' WHEN g % 100 < 96 THEN 'cancelled'
            WHEN g % 100 < 97 THEN 'queued' WHEN g % 100 < 98 THEN 'retrying' WHEN g % 100 < 99 THEN 'held'
            ELSE 'provisioning' END`,
  settled: `CASE WHEN g % 100 < 94 THEN 'succeeded' WHEN g % 100 < 98 THEN 'failed' ELSE 'cancelled' END`,
} as const;

// The "order" trigger writes each order's search text to order_search in the same statement
// (migration *_order_search), so these inserts need no second one.
async function insertOrders(
  sql: Sql,
  opts: { from: number; to: number; resellers: number; customers: number },
  statuses: keyof typeof STATUS_SQL,
): Promise<void> {
  const owner = `1 + c % ${opts.resellers}`;
  // A settled order finished (2 s after it was placed) after one attempt whose create was sent.
  const settled = statuses === "settled";
  await sql(`INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
      display_name, payload, idempotency_key, upstream_ref, version, created_at, updated_at
      ${settled ? ", finished_at, attempt_count, create_sent" : ""})
    SELECT gen_random_uuid(), ${sqlId("8000", owner)}, ${customerIdSql("c")}, ${sqlId("9000", owner)},
      (ARRAY['qboxmail_domain','qboxmail_manager','grommunio_domain','grommunio_server'])[1 + g % 4]::"OrderKind",
      (CASE WHEN g % 4 < 2 THEN 'qboxmail' ELSE 'grommunio' END)::"Provider",
      (${STATUS_SQL[statuses]})::"OrderStatus",
      CASE WHEN g % 50 = 0 THEN 'xn--bcher' || g || '-kva.de' ELSE 'shop' || g || '.example' END,
      CASE WHEN g % 50 = 0 THEN 'bücher' || g || '.de' ELSE 'shop' || g || '.example' END, '{}'::jsonb, 'k' || g,
      CASE WHEN g % 100 < ${settled ? 94 : 90} THEN 'REF-' || g END, 1,
      now() - (g * interval '30 seconds'), now() - (g * interval '30 seconds')
      ${settled ? ", now() - (g * interval '30 seconds') + interval '2 seconds', CASE WHEN g % 100 < 98 THEN 1 ELSE 0 END, g % 100 < 98" : ""}
    FROM (SELECT g, 1 + (g::bigint * 7919) % ${opts.customers} AS c FROM generate_series(${opts.from}, ${opts.to}) g) s`);
}

/** Rows of the tables a running installation's orders fill (the hot path writes to them), and seconds per step. */
type HistorySize = Record<"order" | "attempt" | "audit_event" | "service", number> & {
  seconds: Record<string, number>;
};

/**
 * A settled history, as an installation that has run for a while holds: `orders` terminal orders
 * (94 % succeeded, 4 % failed, 2 % cancelled before any call) of 50 resellers and 5,000 customers,
 * each sent order with its one attempt, each order with its audit chain (placed, then its outcome:
 * inserted through the chain's trigger, so the hashes verify), each succeeded create with its
 * active service, and a drift check that ran a moment ago (as one does every 10 minutes; without
 * it a worker's first minute would compare all these services with an upstream that never held
 * them). Ends as autovacuum leaves a settled table: vacuumed and analyzed, so a run of a few
 * thousand orders stays far below the thresholds (50 rows + 10 % / 20 % of the table) at which
 * autovacuum and autoanalyze start (docs/benchmarks.md "The latency run's database").
 * Call it before anything else is seeded: it takes resellers r1…r50.
 */
async function seedHistory(sql: Sql, orders: number): Promise<HistorySize> {
  const size = { seconds: {}, order: orders } as HistorySize;
  let t = performance.now();
  const step = (name: string) => {
    size.seconds[name] = (performance.now() - t) / 1000;
    t = performance.now();
  };
  const resellers = 50;
  await seedResellers(sql, { resellers, customers: resellers * 100, layout: "spread" });
  await insertOrders(sql, { from: 1, to: orders, resellers, customers: resellers * 100 }, "settled");
  step("orders");
  const history = `"order".reseller_id::text LIKE '00000000-0000-4000-8000-%'`;
  size.attempt = Number(
    await sql(`INSERT INTO attempt (id, order_id, number, kind, worker_id, started_at, finished_at, outcome,
      http_method, http_path, http_status, duration_ms)
    SELECT gen_random_uuid(), id, 1, 'create', 'history', created_at + interval '1 second', finished_at,
      (CASE WHEN status = 'succeeded' THEN 'succeeded' ELSE 'rejected' END)::"AttemptOutcome",
      'POST', '/history', CASE WHEN status = 'succeeded' THEN 201 ELSE 422 END, 200
    FROM "order" WHERE ${history} AND attempt_count = 1`),
  );
  step("attempts");
  // Each chain's trigger takes an advisory lock held to the end of the transaction, so the
  // chains go in slices of about 1/256 of the orders (by the first byte of their random IDs)
  // to stay inside the lock table (max_locks_per_transaction). Within a slice, ordered by order,
  // then by step: a chain's second row finds its first (the trigger sees the rows the same
  // statement inserted before it).
  size.audit_event = 0;
  for (let b = 0; b < 256; b++) {
    const bound = (n: number) => `'${n.toString(16).padStart(2, "0")}000000-0000-0000-0000-000000000000'::uuid`;
    const slice = `${history} AND id >= ${bound(b)}${b < 255 ? ` AND id < ${bound(b + 1)}` : ""}`;
    size.audit_event += Number(
      await sql(`INSERT INTO audit_event (at, actor_type, actor_id, reseller_id, order_id, action, before, after)
      SELECT at, actor_type, actor_id, reseller_id, id, action, before, after FROM (
        SELECT created_at AS at, 'user' AS actor_type, created_by_id::text AS actor_id, reseller_id, id,
          'order.placed' AS action, NULL::jsonb AS before, jsonb_build_object('status', 'queued') AS after, 1 AS step
        FROM "order" WHERE ${slice}
        UNION ALL
        SELECT finished_at, 'worker', 'history', reseller_id, id, 'order.' || status,
          jsonb_build_object('status', 'provisioning'), jsonb_build_object('status', status), 2
        FROM "order" WHERE ${slice}) steps
      ORDER BY id, step`),
    );
  }
  step("audit");
  size.service = Number(
    await sql(`INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key, display_name,
      create_order_id, status, upstream_state, created_at, updated_at)
    SELECT gen_random_uuid(), reseller_id, customer_id, kind, provider, upstream_ref, natural_key, display_name,
      id, 'active', 'enabled', finished_at, finished_at
    FROM "order" WHERE ${history} AND status = 'succeeded' AND upstream_ref IS NOT NULL`),
  );
  await sql("INSERT INTO drift_run (id, started_at, finished_at) VALUES (gen_random_uuid(), now(), now())");
  step("services");
  // The whole database, not only the four tables: the customers and the system catalogs the seed
  // filled would otherwise be vacuumed during the run.
  await sql("VACUUM (ANALYZE)");
  // The seed's dirty pages written now, not by a checkpoint spread over the timed part (its
  // writes would count as the run's Postgres CPU).
  await sql("CHECKPOINT");
  step("vacuum");
  return size;
}

/**
 * The history the latency and throughput runs start on: BENCH_HISTORY orders (default `orders`,
 * 200,000 unless given; 0 = none, the young database these runs had before). Prints its size.
 */
export async function seedHistoryFromEnv(
  sql: Sql,
  orders = Number(process.env.BENCH_HISTORY ?? 200_000),
): Promise<void> {
  if (!(orders > 0)) {
    console.log("history: none (BENCH_HISTORY=0): the tables hold only this run's orders");
    return;
  }
  console.log(describeHistory(await seedHistory(sql, orders)));
}

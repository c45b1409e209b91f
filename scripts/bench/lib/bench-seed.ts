// Seeding for the benchmarks that need thousands to millions of rows: plain SQL with
// generate_series, so a million orders take seconds, not the minutes row-by-row inserts would.
// The IDs are predictable (see the helpers below) so a benchmark can name "reseller 7" or
// "customer 12 of reseller 7" without reading them back.

/** Runs one SQL statement (the benchmark passes db().$executeRawUnsafe, loaded after its stack started). */
export type Sql = (query: string) => Promise<unknown>;

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
  const owner = `1 + c % ${opts.resellers}`;
  await sql(`INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
      display_name, payload, idempotency_key, upstream_ref, version, created_at, updated_at)
    SELECT gen_random_uuid(), ${sqlId("8000", owner)}, ${customerIdSql("c")}, ${sqlId("9000", owner)},
      (ARRAY['qboxmail_domain','qboxmail_manager','grommunio_domain','grommunio_server'])[1 + g % 4]::"OrderKind",
      (CASE WHEN g % 4 < 2 THEN 'qboxmail' ELSE 'grommunio' END)::"Provider",
      (CASE WHEN g % 100 < 90 THEN 'succeeded' WHEN g % 100 < 94 THEN 'failed' WHEN g % 100 < 96 THEN 'cancelled'
            WHEN g % 100 < 97 THEN 'queued' WHEN g % 100 < 98 THEN 'retrying' WHEN g % 100 < 99 THEN 'held'
            ELSE 'provisioning' END)::"OrderStatus",
      CASE WHEN g % 50 = 0 THEN 'xn--bcher' || g || '-kva.de' ELSE 'shop' || g || '.example' END,
      CASE WHEN g % 50 = 0 THEN 'bücher' || g || '.de' ELSE 'shop' || g || '.example' END, '{}'::jsonb, 'k' || g,
      CASE WHEN g % 100 < 90 THEN 'REF-' || g END, 1,
      now() - (g * interval '30 seconds'), now() - (g * interval '30 seconds')
    FROM (SELECT g, 1 + (g::bigint * 7919) % ${opts.customers} AS c FROM generate_series(${opts.from}, ${opts.to}) g) s`);
  // What autovacuum does after a bulk load on a running installation, done now instead of during
  // the timed requests: statistics for the planner, and the visibility map that lets a count or a
  // list read its index without visiting every row (docs/benchmarks.md "The headline figures", the pages).
  await sql(`VACUUM (ANALYZE) "order"`);
  await sql("ANALYZE");
}

// Benchmark: the order form's pickers at thousands of entries (docs/order-form.md "Pickers"): the
// home-server search (listUsableServers) and the manager's domain search (qboxmailDomainCodeOptions)
// for one reseller holding N grommunio server orders and N Qboxmail domains over 500 customers
// (some with a delete order, open or failed), among 20 resellers of that size. Starts its own
// Postgres (scripts/lib/stack.ts), seeds with generate_series in SQL, then times the calls the
// picker routes make. Prints figures; asserts nothing.
//   npx tsx scripts/bench/order-pickers.ts [entries per reseller, default 5000]
import { startStack } from "../lib/stack";
import { timeScenarios } from "./lib/bench-kit";
import {
  customerOf,
  customerOfSql,
  resellerId,
  resellerIdSql,
  resellerUserId,
  resellerUserIdSql,
  seedResellers,
} from "./lib/bench-seed";

const PER_RESELLER = Number(process.argv[2] ?? 5000);
const RESELLERS = 20;
const CUSTOMERS = 500;

const stack = await startStack();
Object.assign(process.env, stack.env);
const { db, disconnectDb } = await import("../../lib/db");
const { listUsableServers, usableServerPage } = await import("../../lib/orders/usable-servers");
const { qboxmailDomainCodeOptions, qboxmailDomainPage } = await import("../../lib/orders/queries/order-form-options");

async function seed() {
  const t = performance.now();
  const sql = (q: string) => db().$executeRawUnsafe(q);
  await seedResellers(sql, { resellers: RESELLERS, customers: CUSTOMERS, layout: "per-reseller" });
  // Per reseller: N server orders (9 in 10 succeeded, with grommunio's numeric id) and N live
  // Qboxmail domains (services), spread over its customers.
  const rows = `FROM generate_series(1, ${RESELLERS}) r, generate_series(1, ${PER_RESELLER}) g`;
  const cust = customerOfSql("r", `1 + g % ${CUSTOMERS}`);
  await sql(`INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
      display_name, payload, idempotency_key, upstream_ref, version, created_at, updated_at)
    SELECT gen_random_uuid(), ${resellerIdSql("r")}, ${cust}, ${resellerUserIdSql("r")}, 'grommunio_server', 'grommunio',
      (CASE WHEN g % 10 = 0 THEN 'queued' ELSE 'succeeded' END)::"OrderStatus",
      'mx' || g || '.r' || r || '.example', 'mx' || g || '.r' || r || '.example', '{}'::jsonb, 's' || r || '-' || g,
      CASE WHEN g % 10 = 0 THEN NULL ELSE (r * 100000 + g)::text END, 1, now(), now() ${rows}`);
  await sql(`INSERT INTO service (id, reseller_id, customer_id, kind, provider, upstream_ref, natural_key,
      display_name, updated_at)
    SELECT gen_random_uuid(), ${resellerIdSql("r")}, ${cust},
      'qboxmail_domain', 'qboxmail', 'D' || lpad((r * 100000 + g)::text, 9, '0'),
      CASE WHEN g % 50 = 0 THEN 'xn--bcher' || g || '-kva.de' ELSE 'shop' || g || '.example' END,
      CASE WHEN g % 50 = 0 THEN 'bücher' || g || '.de' ELSE 'shop' || g || '.example' END, now() ${rows}`);
  // Deletes of some of those domains: one in 100 still open (the picker leaves those out), one in
  // 20 ended without deleting (failed), so the open-delete check has a history to look past.
  await sql(`INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, action, service_id,
      status, natural_key, display_name, payload, idempotency_key, version, created_at, updated_at)
    SELECT gen_random_uuid(), v.reseller_id, v.customer_id,
      (SELECT u.id FROM app_user u WHERE u.reseller_id = v.reseller_id LIMIT 1), 'qboxmail_domain', 'qboxmail', 'delete', v.id,
      (CASE WHEN right(v.upstream_ref, 2) = '00' THEN 'queued' ELSE 'failed' END)::"OrderStatus",
      v.natural_key, v.display_name, '{}'::jsonb, 'del-' || v.upstream_ref, 1, now(), now()
      FROM service v
     WHERE v.kind = 'qboxmail_domain' AND right(v.upstream_ref, 2) IN ('00', '05', '10', '15', '20', '25')`);
  // VACUUM as autovacuum would after a bulk load: it moves the rows the trigram (GIN) indexes
  // collected in their pending lists into the index proper; left there, every search scans them.
  await sql(`VACUUM ANALYZE`);
  console.log(
    `seeded ${RESELLERS} resellers × ${PER_RESELLER} server orders and ${PER_RESELLER} domains in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

const R = 7;
const viewer = { id: resellerUserId(R), role: "reseller" as const, resellerId: resellerId(R) };
// Keyset cursors of a page deep in each list ("Show more" pressed many times), set after seeding.
const deep = { server: "", domain: "" };
const scenarios: Array<[string, () => Promise<unknown>]> = [
  [
    "servers: open, this customer",
    () => listUsableServers(viewer, resellerId(R), { customerId: customerOf(R, 12), onlyCustomer: true }),
  ],
  ["servers: open, all customers", () => listUsableServers(viewer, resellerId(R), { customerId: customerOf(R, 12) })],
  [
    "servers: fragment, all",
    () => listUsableServers(viewer, resellerId(R), { search: "x123", customerId: customerOf(R, 12) }),
  ],
  ["servers: exact id, all", () => listUsableServers(viewer, resellerId(R), { search: String(R * 100000 + 4321) })],
  ["servers: no match, all", () => listUsableServers(viewer, resellerId(R), { search: "nothing-like-this" })],
  [
    "servers: page 41, all",
    () => usableServerPage(viewer, resellerId(R), { customerId: customerOf(R, 12), after: deep.server }),
  ],
  [
    "domains: open, this customer",
    () => qboxmailDomainCodeOptions(resellerId(R), { customerId: customerOf(R, 12), onlyCustomer: true }),
  ],
  ["domains: open, all customers", () => qboxmailDomainCodeOptions(resellerId(R), {})],
  ["domains: fragment, all", () => qboxmailDomainCodeOptions(resellerId(R), { search: "op123" })],
  ["domains: unicode fragment", () => qboxmailDomainCodeOptions(resellerId(R), { search: "ücher" })],
  [
    "domains: exact code",
    () => qboxmailDomainCodeOptions(resellerId(R), { search: `D${String(R * 100000 + 4321).padStart(9, "0")}` }),
  ],
  ["domains: no match", () => qboxmailDomainCodeOptions(resellerId(R), { search: "nothing-like-this" })],
  ["domains: page 41, all", () => qboxmailDomainPage(resellerId(R), { after: deep.domain })],
];

// Follows `next` 40 times, as a reseller pressing "Show more" would, to a page 2,000 entries in.
async function findDeepCursors() {
  for (let i = 0, after: string | undefined; i < 40; i++) {
    after = (await usableServerPage(viewer, resellerId(R), { customerId: customerOf(R, 12), after })).next ?? undefined;
    deep.server = after ?? "";
  }
  for (let i = 0, after: string | undefined; i < 40; i++) {
    after = (await qboxmailDomainPage(resellerId(R), { after })).next ?? undefined;
    deep.domain = after ?? "";
  }
}

try {
  await seed();
  await findDeepCursors();
  await scenarios[0]![1](); // warm the pool
  await timeScenarios(scenarios, 30);
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);

// The long lists beside the order tables, over HTTP: the reseller's services list, customers
// list and a webhook endpoint's deliveries, and the support audit list and drift findings, each
// one page (50 rows; 100 deliveries; 200 findings) fetched from the production web app
// (`next build` + scripts/server.mjs) by a signed-in user, as scripts/bench/http-pages.ts fetches
// the order pages. The database holds a settled history (scripts/bench/lib/bench-seed.ts: each
// order with its audit chain, each succeeded create with its service) of N orders of 50
// resellers; the measured reseller holds 1/50 of them. No bars: it prints each page's time, what
// a request cost the web and Postgres, and the page's size, to measure a change to these pages
// (docs/benchmarks/pages.md "Pages: the other lists' rows as data"). BENCH_WEB_DIST_DIR and
// BENCH_SAVE_PAGES work as for http-pages.ts.
//   Run: npx tsx scripts/bench/http-lists.ts [orders=20000] [requests=40]
import { type BenchRow, percentile, report } from "./lib/bench-kit";
import { type BenchPage, pageKey, seedPageUsers, signInPageUsers, timePages } from "./lib/bench-pages";
import { resellerId, resellerIdSql, seedHistoryFromEnv } from "./lib/bench-seed";
import { benchStack } from "./lib/bench-stack";
import { startBenchWeb } from "./lib/bench-web";

const ORDERS = Number(process.argv[2] ?? 20_000);
const REQUESTS = Number(process.argv[3] ?? 40);

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");

const sql = (q: string) => db().$executeRawUnsafe(q);

const ENDPOINT_ID = "00000000-0000-4000-b000-000000000007";
const ALL_PAGES: BenchPage[] = [
  { name: "reseller services list", path: "/r/r7/services", as: "reseller" },
  { name: "reseller customers list", path: "/r/r7/customers", as: "reseller" },
  { name: "reseller webhook deliveries", path: `/r/r7/webhooks/${ENDPOINT_ID}`, as: "reseller" },
  { name: "support audit list", path: "/support/audit", as: "support" },
  { name: "support drift findings", path: "/support/drift", as: "support" },
  { name: "admin users", path: "/admin/users", as: "admin" },
  { name: "admin resellers", path: "/admin/resellers", as: "admin" },
];

/**
 * One webhook endpoint of reseller 7 with 150 deliveries (the page shows the newest 100): most
 * delivered, some waiting to be tried again after a 503, some given up after a timeout, as the
 * dispatcher records them (lib/webhooks/error-words.ts's texts). The secret is a placeholder:
 * the page never opens it.
 */
async function seedDeliveries() {
  await sql(`INSERT INTO webhook_endpoint (id, reseller_id, url, events, sealed_secret)
    VALUES ('${ENDPOINT_ID}', '${resellerId(7)}', 'https://hooks.example.test/portal', ARRAY['order.succeeded', 'order.failed'], '\\x00'::bytea)`);
  await sql(`INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, order_id, event_type, payload, status,
      attempt_count, next_attempt_at, last_attempt_at, last_status_code, last_error, created_at, delivered_at)
    SELECT gen_random_uuid(), '${ENDPOINT_ID}', '${resellerId(7)}', gen_random_uuid(),
      CASE WHEN g % 10 = 9 THEN 'order.failed' ELSE 'order.succeeded' END, '{}'::jsonb,
      (CASE WHEN g % 10 < 7 THEN 'succeeded' WHEN g % 10 < 9 THEN 'pending' ELSE 'failed' END)::"WebhookDeliveryStatus",
      CASE WHEN g % 10 < 7 THEN 1 ELSE 3 END, now() + interval '5 minutes', now() - g * interval '1 minute',
      CASE WHEN g % 10 < 7 THEN 200 WHEN g % 10 < 9 THEN 503 END,
      CASE WHEN g % 10 < 7 THEN NULL WHEN g % 10 < 9 THEN 'Answered 503' ELSE 'No answer within 10000 ms' END,
      now() - g * interval '1 minute', CASE WHEN g % 10 < 7 THEN now() - g * interval '1 minute' END
    FROM generate_series(1, 150) g`);
}
/**
 * 200 open drift findings (the page shows the newest 200), a third of each type as the drift
 * check records them (lib/services/drift.ts): missing ones with their service, changed ones with
 * their differences, unowned ones with no owner, whose rows each offer the adoption customers.
 */
async function seedFindings() {
  await sql(`INSERT INTO drift_finding (id, provider, kind, upstream_ref, natural_key, type, service_id, reseller_id,
      details, detected_at, last_seen_at)
    SELECT gen_random_uuid(), 'qboxmail', 'qboxmail_domain', 'QBX-' || g, 'drift-' || g || '.example.com',
      CASE g % 3 WHEN 0 THEN 'missing' WHEN 1 THEN 'changed' ELSE 'unowned' END,
      CASE WHEN g % 3 < 2 THEN gen_random_uuid() END, CASE WHEN g % 3 < 2 THEN '${resellerId(7)}'::uuid END,
      CASE WHEN g % 3 = 1 THEN '{"differences": ["status: suspended upstream, active expected"]}'::jsonb END,
      now() - g * interval '1 minute', now()
    FROM generate_series(1, 200) g`);
}

/** 950 more reseller users, 19 for each reseller: with the history's own, about 1,000 on the admin's users page. */
async function seedUsers() {
  await sql(`INSERT INTO app_user (id, email, name, role, reseller_id, password_hash, updated_at)
    SELECT gen_random_uuid(), 'staff' || g || '@r' || (1 + g % 50) || '.example.test', 'Person ' || g, 'reseller',
      ${resellerIdSql("1 + g % 50")}, 'x', now()
    FROM generate_series(1, 950) g`);
}

// BENCH_PAGES=services: only the pages whose name contains it.
const PAGES = ALL_PAGES.filter((p) => p.name.includes(process.env.BENCH_PAGES ?? ""));

async function run(): Promise<BenchRow[]> {
  await seedHistoryFromEnv(sql, ORDERS);
  await seedDeliveries();
  await seedFindings();
  await seedUsers();
  const secrets = await seedPageUsers();
  const { baseUrl, web, pid } = await startBenchWeb(stack);
  try {
    const cookies = await signInPageUsers(baseUrl, secrets);
    const timing = { baseUrl, cookies, webPid: pid, stackRoot: stack.root, requests: REQUESTS };
    // An untimed round first, as in http-pages.ts: the first page after the web started costs more.
    await timePages(PAGES, timing);
    const { times, costs } = await timePages(PAGES, timing);
    const rows: BenchRow[] = [];
    for (const p of PAGES) {
      const ts = times.get(p.name)!;
      const cost = costs.get(p.name)!;
      rows.push(
        { key: `lists.${pageKey(p)}.p95`, metric: `${p.name}, p95`, measured: percentile(ts, 95), unit: "ms" },
        { metric: "  median", measured: percentile(ts, 50), unit: "ms" },
        { key: `lists.${pageKey(p)}.webCpu`, metric: "  web CPU per request", measured: cost.webCpu, unit: "ms" },
        { metric: "  Postgres CPU per request", measured: cost.pgCpu, unit: "ms" },
        { metric: "  Postgres transactions per request", measured: cost.pgXacts, unit: "" },
        {
          key: `lists.${pageKey(p)}.bytes`,
          metric: "  page size, uncompressed",
          measured: cost.bytes / 1000,
          unit: "kB",
        },
      );
    }
    return rows;
  } finally {
    await web.stop();
  }
}

try {
  report(`The other long lists over HTTP (a history of ${ORDERS.toLocaleString("en")} orders)`, await run());
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);

// Pages over HTTP at 10,000 and at 1,000,000 orders: the reseller's order list, its search by a
// fragment of a name, the reseller dashboard and the support order list, each fetched from the
// production web app (`next build` + scripts/server.mjs) by a signed-in user (next-auth sign-in
// over HTTP; the support user with its second factor). Time = request sent → whole page received
// over loopback, i.e. the server's time plus a loopback round trip. The orders are seeded with
// generate_series (50 resellers, 5,000 customers; the measured reseller holds 1/50 of them);
// the first run at 10 k, then the table grows to 1 M and the same pages are fetched again.
// Bars (docs/benchmarks.md): p95 ≤ 50 ms each at 1 M, and p95 at 1 M / p95 at 10 k ≤ 1.5.
// Prints figures; asserts nothing.  Run: npx tsx scripts/bench/http-pages.ts [large=1000000] [small=10000] [requests=40]
import { performance } from "node:perf_hooks";
import { type BenchRow, percentile, report } from "./lib/bench-kit";
import { type BenchPage, pageKey, seedPageUsers, signInPageUsers, timePages } from "./lib/bench-pages";
import { resellerId, seedResellers, seedSkewedOrders } from "./lib/bench-seed";
import { benchStack } from "./lib/bench-stack";
import { startBenchWeb } from "./lib/bench-web";

const LARGE = Number(process.argv[2] ?? 1_000_000);
const SMALL = Number(process.argv[3] ?? 10_000);
const REQUESTS = Number(process.argv[4] ?? 40);
const RESELLERS = 50;
const CUSTOMERS = RESELLERS * 100;

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");

const sql = (q: string) => db().$executeRawUnsafe(q);

async function seedPeople() {
  await seedResellers(sql, { resellers: RESELLERS, customers: CUSTOMERS, layout: "spread" });
  return seedPageUsers();
}

/** Orders number `from`..`to` (newest first by number), statuses skewed like production. */
async function seedOrders(from: number, to: number) {
  const t = performance.now();
  await seedSkewedOrders(sql, { from, to, resellers: RESELLERS, customers: CUSTOMERS });
  console.log(`seeded orders ${from}–${to} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** `sameMatches`: a search that must find the same orders at both counts (checked after each seed). */
type Page = BenchPage & { sameMatches?: true };
const ALL_PAGES: Page[] = [
  { name: "reseller order list", path: "/r/r7/orders", as: "reseller" },
  // "op1234" finds none of reseller 7's orders at 10 k and three at 1 M (shop12345, shop123445,
  // shop123495): a bigger table holds more matches, so its page renders rows the 10 k one does not.
  { name: "reseller search by fragment", path: "/r/r7/orders?q=op1234", as: "reseller" },
  // "shop1245." finds the same one order at both counts (order 1245 is reseller 7's; the dot ends
  // the number): the 1 M ÷ 10 k ratio of the search itself, like for like (docs/benchmarks/pages.md
  // "The search page's ratio, like for like").
  {
    name: "reseller search, one match at both counts",
    path: "/r/r7/orders?q=shop1245.",
    as: "reseller",
    sameMatches: true,
  },
  { name: "reseller dashboard", path: "/r/r7", as: "reseller" },
  { name: "support order list", path: "/support/orders", as: "support" },
];
// BENCH_PAGES=support: only the pages whose name contains it (a profile of one page's requests).
const PAGES = ALL_PAGES.filter((p) => p.name.includes(process.env.BENCH_PAGES ?? ""));
/** How many of reseller 7's orders each search page finds, by the app's own search condition. */
async function searchMatches(): Promise<Map<Page, number>> {
  const { orderSearchCondition } = await import("../../lib/search/order-search");
  const { sqlRows, Prisma } = await import("../../lib/db");
  const found = new Map<Page, number>();
  const r7 = resellerId(7);
  for (const p of PAGES) {
    const q = new URL(p.path, "http://x").searchParams.get("q");
    if (q === null) continue;
    const [row] = await sqlRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM "order" o
      WHERE o.reseller_id = ${r7}::uuid AND ${await orderSearchCondition(q, r7)}`);
    found.set(p, row?.n ?? 0);
  }
  return found;
}

async function run(): Promise<BenchRow[]> {
  const secrets = await seedPeople();
  await seedOrders(1, SMALL);
  const { baseUrl, web, pid } = await startBenchWeb(stack);
  try {
    const cookies = await signInPageUsers(baseUrl, secrets);
    const timing = { baseUrl, cookies, webPid: pid, stackRoot: stack.root, requests: REQUESTS };
    // An untimed round before each timed one. With only each page's three warm-up requests, the
    // first page timed after the web started (the order list at 10 k) and the first after the
    // 1 M seed (the web idle for its 90 s) each cost 10–23 ms more CPU per request than the same
    // page a round later: the rounds compared the web's state, not the table's size
    // (docs/benchmarks/pages.md "Pages: an untimed round before each timed one").
    await timePages(PAGES, timing);
    const { times: small, costs: smallCosts } = await timePages(PAGES, timing);
    const matchesSmall = await searchMatches();
    await seedOrders(SMALL + 1, LARGE);
    await timePages(PAGES, timing);
    const { times: large, costs: largeCosts } = await timePages(PAGES, timing);
    const matchesLarge = await searchMatches();
    for (const [p, n] of matchesSmall) {
      const m = matchesLarge.get(p);
      console.log(`${p.name} (${p.path}): ${n} of reseller 7's orders at ${SMALL}, ${m} at ${LARGE}`);
      // A changed seed could make the like-for-like search find more at 1 M: its ratio would then
      // compare two different pages again, so the run stops rather than print it.
      if (p.sameMatches && m !== n) throw new Error(`${p.path} must find the same orders at both counts`);
    }
    const rows: BenchRow[] = [];
    for (const p of PAGES) {
      const key = pageKey(p);
      const s = small.get(p.name)!;
      const l = large.get(p.name)!;
      rows.push(
        {
          key: `pages.${key}.p95Large`,
          metric: `${p.name}, p95 at ${LARGE.toLocaleString("en")}`,
          measured: percentile(l, 95),
          unit: "ms",
          budget: 50,
          kind: "max",
        },
        {
          key: `pages.${key}.p95Small`,
          metric: `  p95 at ${SMALL.toLocaleString("en")}`,
          measured: percentile(s, 95),
          unit: "ms",
        },
        { metric: `  median at ${LARGE.toLocaleString("en")}`, measured: percentile(l, 50), unit: "ms" },
        { metric: `  median at ${SMALL.toLocaleString("en")}`, measured: percentile(s, 50), unit: "ms" },
      );
      for (const [at, cost] of [
        [LARGE, largeCosts.get(p.name)!],
        [SMALL, smallCosts.get(p.name)!],
      ] as const) {
        const n = at.toLocaleString("en");
        rows.push(
          { metric: `  web CPU per request at ${n}`, measured: cost.webCpu, unit: "ms" },
          { metric: `  Postgres CPU per request at ${n}`, measured: cost.pgCpu, unit: "ms" },
          { metric: `  Postgres transactions per request at ${n}`, measured: cost.pgXacts, unit: "" },
          { metric: `  Redis commands per request at ${n}`, measured: cost.redisCommands, unit: "" },
          { metric: `  page size at ${n}, uncompressed`, measured: cost.bytes / 1000, unit: "kB" },
        );
      }
    }
    return rows;
  } finally {
    await web.stop();
  }
}

try {
  report(`Pages over HTTP at ${SMALL.toLocaleString("en")} and ${LARGE.toLocaleString("en")} orders`, await run());
} finally {
  await disconnectDb();
  await stack.stop();
}
process.exit(0);

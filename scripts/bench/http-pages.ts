// Pages over HTTP at 10,000 and at 1,000,000 orders: the reseller's order list, its search by a
// fragment of a name, the reseller dashboard and the support order list, each fetched from the
// production web app (`next build` + scripts/server.mjs) by a signed-in user (next-auth sign-in
// over HTTP; the support user with its second factor). Time = request sent → whole page received
// over loopback, i.e. the server's time plus a loopback round trip. The orders are seeded with
// generate_series (50 resellers, 5,000 customers; the measured reseller holds 1/50 of them);
// the first run at 10 k, then the table grows to 1 M and the same pages are fetched again.
// Bars (docs/benchmarks.md): p95 ≤ 50 ms each at 1 M, and p95 at 1 M / p95 at 10 k ≤ 1.5.
// Prints figures; asserts nothing.  Run: npx tsx scripts/bench/http-pages.ts [large=1000000] [small=10000] [requests=40]
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "otplib";
import { cpuDelta, cpuSnapshot } from "./lib/bench-cpu";
import { type BenchRow, percentile, report, sortNumbers } from "./lib/bench-kit";
import { resellerId, resellerUserId, seedResellers, seedSkewedOrders } from "./lib/bench-seed";
import { benchStack, serverCounters } from "./lib/bench-stack";
import { startBenchWeb } from "./lib/bench-web";

const LARGE = Number(process.argv[2] ?? 1_000_000);
const SMALL = Number(process.argv[3] ?? 10_000);
const REQUESTS = Number(process.argv[4] ?? 40);
const RESELLERS = 50;
const CUSTOMERS = RESELLERS * 100;
const PASSWORD = "bench-password-2026";

const stack = await benchStack();
const { db, disconnectDb } = await import("../../lib/db");
const { hashPassword } = await import("../../lib/auth/password");
const { beginEnrolment, confirmEnrolment } = await import("../../lib/auth/two-factor");
const { TOTP_PERIOD_SECONDS } = await import("../../lib/auth/totp");

const sql = (q: string) => db().$executeRawUnsafe(q);

async function seedPeople() {
  await seedResellers(sql, { resellers: RESELLERS, customers: CUSTOMERS, layout: "spread" });
  const hash = await hashPassword(PASSWORD);
  await db().user.update({ where: { id: resellerUserId(7) }, data: { passwordHash: hash } });
  const support = await db().user.create({
    data: { email: "support-bench@example.test", name: "Support", role: "support", passwordHash: hash },
  });
  // Second factor set up as the enrolment page does, with the code an app would show.
  const who = { id: support.id, email: support.email, resellerId: null };
  const { secret } = await beginEnrolment(who);
  await confirmEnrolment(who, await generate({ secret }));
  return secret;
}

/** Orders number `from`..`to` (newest first by number), statuses skewed like production. */
async function seedOrders(from: number, to: number) {
  const t = performance.now();
  await seedSkewedOrders(sql, { from, to, resellers: RESELLERS, customers: CUSTOMERS });
  console.log(`seeded orders ${from}–${to} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Signs in over HTTP as the login form does; returns the cookie header of the session. */
async function signIn(baseUrl: string, email: string, code = ""): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, code, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${res.headers.get("location")}`);
  return cookie();
}

/** `sameMatches`: a search that must find the same orders at both counts (checked after each seed). */
type Page = { name: string; path: string; as: "reseller" | "support"; sameMatches?: true };
const ALL_PAGES: Page[] = [
  { name: "reseller order list", path: "/r/r7/orders", as: "reseller" },
  // "op1234" finds none of reseller 7's orders at 10 k and three at 1 M (shop12345, shop123445,
  // shop123495): a bigger table holds more matches, so its page renders rows the 10 k one does not.
  { name: "reseller search by fragment", path: "/r/r7/orders?q=op1234", as: "reseller" },
  // "shop1245." finds the same one order at both counts (order 1245 is reseller 7's; the dot ends
  // the number): the 1 M ÷ 10 k ratio of the search itself, like for like (docs/benchmarks.md
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
const pageKey = (p: Page) => p.name.replace(/\W+/g, "-");

/**
 * What one request of a page cost the servers: CPU of the web process and of Postgres, statements,
 * Redis commands; and the page's size before compression (its HTML and, inside it, the page's data
 * inlined as scripts, which the web renders and escapes on every request).
 */
type Cost = { webCpu: number; pgCpu: number; pgXacts: number; redisCommands: number; bytes: number };

async function timePages(
  baseUrl: string,
  cookies: Record<Page["as"], string>,
  webPid: number,
): Promise<{ times: Map<string, number[]>; costs: Map<string, Cost> }> {
  const times = new Map<string, number[]>();
  const costs = new Map<string, Cost>();
  for (const p of PAGES) {
    let bytes = 0;
    const get = async () => {
      const t = performance.now();
      const res = await fetch(baseUrl + p.path, { headers: { cookie: cookies[p.as] }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${p.path}: HTTP ${res.status} ${res.headers.get("location") ?? ""}`);
      bytes = Buffer.byteLength(body);
      // BENCH_SAVE_PAGES=<dir>: each page's last answer, to compare two builds' markup.
      if (process.env.BENCH_SAVE_PAGES)
        fs.writeFileSync(path.join(process.env.BENCH_SAVE_PAGES, `${pageKey(p)}.html`), body);
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) await get(); // warm: plans, caches, the JIT
    // CPU from /proc and the servers' counters around the timed requests only: on a loaded
    // machine the time moves with everyone else's work, CPU and statements per request much less.
    const counters0 = await serverCounters();
    const cpu0 = cpuSnapshot(stack.root, webPid);
    const xs: number[] = [];
    for (let i = 0; i < REQUESTS; i++) xs.push(await get());
    const cpu = cpuDelta(cpu0, cpuSnapshot(stack.root, webPid));
    const counters1 = await serverCounters();
    times.set(p.name, sortNumbers(xs));
    costs.set(p.name, {
      webCpu: cpu.worker / REQUESTS,
      pgCpu: cpu.postgres / REQUESTS,
      // serverCounters' own SELECT is one transaction.
      pgXacts: (counters1.pgXacts - counters0.pgXacts - 1) / REQUESTS,
      redisCommands: (counters1.redisCommands - counters0.redisCommands - 1) / REQUESTS,
      bytes,
    });
  }
  return { times, costs };
}

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
  const secret = await seedPeople();
  await seedOrders(1, SMALL);
  const { baseUrl, web, pid } = await startBenchWeb(stack);
  try {
    // A code in the next time step: the enrolment used this one, and a step is accepted once.
    const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) + 1;
    const cookies = {
      reseller: await signIn(baseUrl, "u7@example.test"),
      support: await signIn(
        baseUrl,
        "support-bench@example.test",
        await generate({ secret, epoch: step * TOTP_PERIOD_SECONDS }),
      ),
    };
    // An untimed round before each timed one. With only each page's three warm-up requests, the
    // first page timed after the web started (the order list at 10 k) and the first after the
    // 1 M seed (the web idle for its 90 s) each cost 10–23 ms more CPU per request than the same
    // page a round later: the rounds compared the web's state, not the table's size
    // (docs/benchmarks.md "Pages: an untimed round before each timed one").
    await timePages(baseUrl, cookies, pid);
    const { times: small, costs: smallCosts } = await timePages(baseUrl, cookies, pid);
    const matchesSmall = await searchMatches();
    await seedOrders(SMALL + 1, LARGE);
    await timePages(baseUrl, cookies, pid);
    const { times: large, costs: largeCosts } = await timePages(baseUrl, cookies, pid);
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

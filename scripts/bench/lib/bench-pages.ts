// What the page benchmarks (scripts/bench/http-pages.ts, http-lists.ts) share: signing in over
// HTTP as the login form does, the support user with its second factor, and timing a set of pages
// with what each request cost the servers.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "otplib";
import { cpuDelta, cpuSnapshot } from "./bench-cpu";
import { sortNumbers } from "./bench-kit";
import { serverCounters } from "./bench-stack";

const BENCH_PASSWORD = "bench-password-2026";
const RESELLER_EMAIL = "u7@example.test";
const STAFF_EMAIL = { support: "support-bench@example.test", admin: "admin-bench@example.test" } as const;
type Staff = keyof typeof STAFF_EMAIL;

/** The staff users' second-factor secrets, from `seedPageUsers` to `signInPageUsers`. */
export type StaffSecrets = Record<Staff, string>;

/**
 * The users the pages are fetched as: reseller 7's (seeded by bench-seed.ts, given a usable
 * password here), a support user and an admin, each enrolled in the second factor as the
 * enrolment page does.
 */
export async function seedPageUsers(): Promise<StaffSecrets> {
  const { db } = await import("../../../lib/db");
  const { hashPassword } = await import("../../../lib/auth/password");
  const { beginEnrolment, confirmEnrolment } = await import("../../../lib/auth/two-factor");
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await db().user.update({ where: { email: RESELLER_EMAIL }, data: { passwordHash } });
  const secrets = {} as StaffSecrets;
  for (const role of Object.keys(STAFF_EMAIL) as Staff[]) {
    const user = await db().user.create({
      data: { email: STAFF_EMAIL[role], name: role === "admin" ? "Admin" : "Support", role, passwordHash },
    });
    const who = { id: user.id, email: user.email, resellerId: null, sessionId: null };
    const { secret } = await beginEnrolment(who);
    await confirmEnrolment(who, { code: await generate({ secret }), currentPassword: BENCH_PASSWORD });
    secrets[role] = secret;
  }
  return secrets;
}

/** A second-factor code in the next time step: the enrolment used this one, and a step is accepted once. */
async function nextCode(secret: string): Promise<string> {
  const { TOTP_PERIOD_SECONDS } = await import("../../../lib/auth/totp");
  const step = Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) + 1;
  return generate({ secret, epoch: step * TOTP_PERIOD_SECONDS });
}

/** The three users signed in over HTTP; the cookie header of each session. */
export async function signInPageUsers(
  baseUrl: string,
  secrets: StaffSecrets,
): Promise<Record<BenchPage["as"], string>> {
  return {
    reseller: await signIn(baseUrl, RESELLER_EMAIL),
    support: await signIn(baseUrl, STAFF_EMAIL.support, await nextCode(secrets.support)),
    admin: await signIn(baseUrl, STAFF_EMAIL.admin, await nextCode(secrets.admin)),
  };
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
    body: new URLSearchParams({ csrfToken, email, password: BENCH_PASSWORD, code, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in of ${email} failed: HTTP ${res.status} ${res.headers.get("location")}`);
  return cookie();
}

export type BenchPage = { name: string; path: string; as: "reseller" | "support" | "admin" };

/** A page's name as a key: of its figures, and of its saved answer's file. */
export const pageKey = (p: BenchPage) => p.name.replace(/\W+/g, "-");

/**
 * What one request of a page cost the servers: CPU of the web process and of Postgres, statements,
 * Redis commands; and the page's size before compression (its HTML and, inside it, the page's data
 * inlined as scripts, which the web renders and escapes on every request).
 */
export type PageCost = { webCpu: number; pgCpu: number; pgXacts: number; redisCommands: number; bytes: number };

/**
 * Fetches each page three times untimed (plans, caches, the JIT), then `requests` times timed,
 * one request at a time. BENCH_SAVE_PAGES=<dir> keeps each page's last answer, to compare two
 * builds' markup.
 */
export async function timePages(
  pages: readonly BenchPage[],
  opts: {
    baseUrl: string;
    cookies: Record<BenchPage["as"], string>;
    webPid: number;
    stackRoot: string;
    requests: number;
  },
): Promise<{ times: Map<string, number[]>; costs: Map<string, PageCost> }> {
  const times = new Map<string, number[]>();
  const costs = new Map<string, PageCost>();
  for (const p of pages) {
    let bytes = 0;
    const get = async () => {
      const t = performance.now();
      const res = await fetch(opts.baseUrl + p.path, { headers: { cookie: opts.cookies[p.as] }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${p.path}: HTTP ${res.status} ${res.headers.get("location") ?? ""}`);
      bytes = Buffer.byteLength(body);
      if (process.env.BENCH_SAVE_PAGES)
        fs.writeFileSync(path.join(process.env.BENCH_SAVE_PAGES, `${pageKey(p)}.html`), body);
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) await get();
    // CPU from /proc and the servers' counters around the timed requests only: on a loaded
    // machine the time moves with everyone else's work, CPU and statements per request much less.
    const counters0 = await serverCounters();
    const cpu0 = cpuSnapshot(opts.stackRoot, opts.webPid);
    const xs: number[] = [];
    for (let i = 0; i < opts.requests; i++) xs.push(await get());
    const cpu = cpuDelta(cpu0, cpuSnapshot(opts.stackRoot, opts.webPid));
    const counters1 = await serverCounters();
    times.set(p.name, sortNumbers(xs));
    costs.set(p.name, {
      webCpu: cpu.worker / opts.requests,
      pgCpu: cpu.postgres / opts.requests,
      // serverCounters' own SELECT is one transaction.
      pgXacts: (counters1.pgXacts - counters0.pgXacts - 1) / opts.requests,
      redisCommands: (counters1.redisCommands - counters0.redisCommands - 1) / opts.requests,
      bytes,
    });
  }
  return { times, costs };
}

// The four order kinds mixed, for the pipeline benchmark's headline CPU figure (docs/benchmarks.md
// "The mixed run"): Qboxmail domains and managers, grommunio domains and servers, placed in turn
// through placeOrder (the web app's own path). A manager names one of the reseller's live Qboxmail
// domains and a grommunio domain needs a usable home server, so those are made first by a worker
// that runs before the measured one (seedMixPrerequisites), outside the measured window.
import { randomUUID } from "node:crypto";
import { type BenchTenant, orderStatuses, qboxDomainForm, startBenchWorker, waitUntilSettled } from "./bench-stack";

export const MIX_KINDS = ["qboxmail_domain", "qboxmail_manager", "grommunio_domain", "grommunio_server"] as const;
export type MixKind = (typeof MIX_KINDS)[number];

const PASSWORD = "Bench-Pw-4821";

// grommunio numbers its servers 1-255 (docs/upstream/grommunio.md): an installation has at most
// that many, and a create past them fails in its database. Past this many server orders, a
// server's turn in the mix goes to a grommunio domain (same provider, same queue).
const MAX_SERVER_ORDERS = 200;

/** The kind of order number `i` of the mix: the four in turn, servers capped. */
export function mixedKind(i: number): MixKind {
  const kind = MIX_KINDS[i % MIX_KINDS.length]!;
  return kind === "grommunio_server" && Math.floor(i / MIX_KINDS.length) >= MAX_SERVER_ORDERS
    ? "grommunio_domain"
    : kind;
}

/**
 * Postgres round trips the worker makes per order of each kind, as counted by the benchmark's
 * worker (lib/worker-call-count.mjs, `pipeline-throughput.ts 200 0 50 --only=<kind>`, main of
 * 2026-12-02): the claim and the outcome, one statement each, and for a grommunio server one
 * read more. The worker's own loops (heartbeat, relay, webhook sweep) add about 0.05 per order
 * at L = 0, more in a longer drain; they are not per order and not counted here. Every mixed run
 * prints what it counted beside the bare step's figure, so a change shows (docs/benchmarks.md
 * "The baselines").
 */
const ROUND_TRIPS_PER_ORDER: Record<MixKind, number> = {
  qboxmail_domain: 2,
  qboxmail_manager: 2,
  grommunio_domain: 2,
  grommunio_server: 3,
};

/** The round trips per order of a mix of `n` orders: what the bare pipeline step makes per job. */
export function mixRoundTripsPerOrder(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ROUND_TRIPS_PER_ORDER[mixedKind(i)];
  return sum / n;
}

/** Order number `i` of the mix (or of a run of one kind): its kind and a valid form with a name of its own. */
export function mixedOrder(
  t: BenchTenant,
  i: number,
  domainCodes: string[],
  kind: MixKind = mixedKind(i),
): { kind: MixKind; form: unknown } {
  const name = `${i}-${t.tag}.example.com`;
  switch (kind) {
    case "qboxmail_domain":
      return { kind, form: qboxDomainForm(`tp${name}`) };
    case "qboxmail_manager":
      return {
        kind,
        form: {
          email_address: `m${i}-${t.tag}@example.com`,
          firstname: "Anna",
          lastname: "Rossi",
          password: PASSWORD,
          password_confirmation: PASSWORD,
          company: "ACME",
          domain_codes: [domainCodes[i % domainCodes.length]!],
        },
      };
    // The home server is left empty: placeOrder picks the reseller's usable one.
    case "grommunio_domain":
      return { kind, form: { domainname: `g${name}`, maxUser: 10, title: "Org" } };
    case "grommunio_server":
      return { kind, form: { hostname: `mx${name}`, extname: `ext-mx${name}` } };
  }
}

export async function placeKind(t: BenchTenant, kind: MixKind, form: unknown): Promise<string> {
  const { placeOrder } = await import("@/lib/orders/place-order");
  const r = await placeOrder(t.user, {
    customerId: t.customer.id,
    kind,
    idempotencyKey: `bench-${randomUUID()}`,
    form,
  });
  if (!r.ok) throw new Error(`${kind} order not placed: ${JSON.stringify(r)}`);
  return r.orderId;
}

/**
 * What the mix's orders depend on, made by a worker of its own that is stopped before the
 * measured one starts: one grommunio server (the grommunio domains' home) and `domains`
 * Qboxmail domains (the managers' domains). Returns the domains' upstream codes.
 */
export async function seedMixPrerequisites(t: BenchTenant, domains = 20): Promise<string[]> {
  const { db } = await import("@/lib/db");
  await placeKind(t, "grommunio_server", {
    hostname: `home-${t.tag}.example.com`,
    extname: `home-${t.tag}.example.com`,
  });
  for (let i = 0; i < domains; i++)
    await placeKind(t, "qboxmail_domain", qboxDomainForm(`pre${i}-${t.tag}.example.com`));
  const w = await startBenchWorker();
  await waitUntilSettled(60_000);
  await w.stop();
  const counts = await orderStatuses();
  if ((counts.succeeded ?? 0) < domains + 1)
    throw new Error(`prerequisites did not succeed: ${JSON.stringify(counts)}`);
  const services = await db().service.findMany({
    where: { resellerId: t.reseller.id, kind: "qboxmail_domain", status: "active" },
    select: { upstreamRef: true },
  });
  return services.map((s) => s.upstreamRef);
}

/** Every request to simulator `sim` waits `ms` before it is handled (all four kinds see the same L). */
export async function simLatency(sim: "grommunio" | "qboxmail", ms: number, count = 1_000_000): Promise<void> {
  if (ms <= 0) return;
  const origin = sim === "grommunio" ? process.env.SIM_GROMMUNIO_ORIGIN : process.env.SIM_QBOXMAIL_ORIGIN;
  const res = await fetch(`${origin}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count, action: "delay", ms }),
  });
  if (!res.ok) throw new Error(`${sim} simulator refused the latency rule: ${res.status} ${await res.text()}`);
}

// Fixtures for the pipeline tests: a reseller with a user and a customer, written straight to
// the database (these tests are about orders, not sign-in), and valid forms per order kind.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { giveUsableGrommunioServer, type Limits, makeTenant, type Tenant, tag } from "../factories";

export const CANARY = "Canary-Pw-7319";

export const uniq = tag;
// The tenant builder lives in tests/factories; re-exported for the pipeline tests that import it here.
export { makeTenant, type Tenant } from "../factories";

export const forms = {
  qboxmail_domain: (name = `q${uniq()}.example.com`, password = CANARY) => ({
    name,
    postmaster_password: password,
    postmaster_password_confirmation: password,
    plan: "professional",
    company: "ACME",
  }),
  qboxmail_manager: (email = `m${uniq()}@example.com`, password = CANARY, domain_codes: string[] = []) => ({
    email_address: email,
    firstname: "Anna",
    lastname: "Rossi",
    password,
    password_confirmation: password,
    company: "ACME",
    ...(domain_codes.length ? { domain_codes } : {}),
  }),
  grommunio_server: (hostname = `mx${uniq()}.example.com`) => ({ hostname, extname: `ext-${hostname}` }),
  // The home server is left empty: the portal picks one of the tenant's usable servers, so the
  // tenant needs one first (giveUsableGrommunioServer in tests/factories), else it is refused.
  grommunio_domain: (domainname = `g${uniq()}.example.com`, extra: Record<string, unknown> = {}) => ({
    domainname,
    maxUser: 10,
    title: "Org",
    ...extra,
  }),
};

/** Each kind's form fields, the required and the ones with their own rules: what the hostile tests spoil. */
export const ORDER_FORM_FIELDS: Record<keyof typeof forms, string[]> = {
  qboxmail_domain: ["name", "postmaster_password", "postmaster_password_confirmation", "plan", "company", "city"],
  qboxmail_manager: ["email_address", "firstname", "lastname", "password", "password_confirmation", "domain_codes"],
  grommunio_domain: ["domainname", "maxUser", "homeserver", "title", "address", "endDay", "syncPolicy"],
  grommunio_server: ["hostname", "extname"],
};

export function place(t: Tenant, kind: keyof typeof forms, form: unknown, idempotencyKey = `key-${randomUUID()}`) {
  return import("@/lib/orders/place-order").then(({ placeOrder }) =>
    placeOrder(t.user, { customerId: t.customer.id, kind, idempotencyKey, form }),
  );
}

/** A delete order for a service, placed as its reseller places one (the name typed to confirm). */
export async function placeServiceDelete(t: Tenant, service: { id: string; naturalKey: string }): Promise<string> {
  const { placeChange } = await import("@/lib/services/place-change");
  const r = await placeChange(t.user, {
    serviceId: service.id,
    action: "delete",
    idempotencyKey: `del-${randomUUID()}`,
    confirmName: service.naturalKey,
  });
  if (!r.ok) throw new Error(`delete not placed: ${JSON.stringify(r)}`);
  return r.orderId;
}

/** An order that has run to its end: nothing more happens to it without a person. */
export const isFinal = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);

/** A worker process with these settings, once it said it started (stopped by the file hooks). */
export async function startWorker(env: Record<string, string>) {
  const w = spawnWorker(env);
  await w.waitForOutput(/worker started/);
  return w;
}

/** Places a create order, waits for it to succeed (a worker must run) and returns it with its service. */
export async function succeededService(t: Tenant, kind: keyof typeof forms, form: unknown) {
  const r = await place(t, kind, form);
  if (!r.ok) throw new Error(`not placed: ${JSON.stringify(r)}`);
  const order = await waitForOrder(r.orderId, isFinal);
  expect(order.status).toBe("succeeded");
  return { order, service: await db().service.findUniqueOrThrow({ where: { createOrderId: order.id } }) };
}

/** Polls the order until `done` holds or the time runs out; returns the last row read. */
export async function waitForOrder(orderId: string, done: (o: { status: string }) => boolean, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const o = await db().order.findUniqueOrThrow({ where: { id: orderId } });
    if (done(o) || Date.now() > until) return o;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Sim = "grommunio" | "qboxmail";
const origin = (sim: Sim) =>
  (sim === "grommunio" ? process.env.SIM_GROMMUNIO_ORIGIN : process.env.SIM_QBOXMAIL_ORIGIN)!;

/** Injects a fault for the next `count` matching requests (simulators/common/faults.ts). */
export async function fault(sim: Sim, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${origin(sim)}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  if (!res.ok) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
}

/** The next Qboxmail domain create is refused with a 422 "is not valid" on `field`, nothing created. */
export function rejectNextDomainCreate(field: string): Promise<void> {
  const body = { message: "Validation failed", errors: [{ field, description: "is not valid" }] };
  return fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status: 422, body });
}

/** The next `count` Qboxmail domain creates meet a 429 with `Retry-After: 0`: rate limited, nothing created. */
export function rateLimitDomainCreates(count: number): Promise<void> {
  const spec = { method: "POST", path: "/api/domains", count, action: "status", status: 429, retryAfter: 0 };
  return fault("qboxmail", spec);
}

/**
 * Waits until the simulator has taken every fault set on `path`: the request the fault waited for
 * has reached it (a "delay" fault is taken on arrival, before its wait). A test that must act while
 * a call is in flight waits for this rather than for a guessed time.
 */
export async function faultsTaken(sim: Sim, path: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${origin(sim)}/__sim/faults`);
    const { faults } = (await res.json()) as { faults: { path?: string }[] };
    if (!faults.some((f) => f.path === path)) return;
    if (Date.now() > deadline) throw new Error(`no request reached the ${sim} simulator on ${path} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function clearFaults(): Promise<void> {
  await Promise.all(
    (["grommunio", "qboxmail"] as const).map((s) => fetch(`${origin(s)}/__sim/faults`, { method: "DELETE" })),
  );
}

type Ledger = {
  created: { kind: string; key: string; ref: string; fields: Record<string, unknown> }[];
  duplicates: { kind: string; key: string }[];
};

export async function ledger(sim: Sim): Promise<Ledger> {
  return (await (await fetch(`${origin(sim)}/__sim/ledger`)).json()) as Ledger;
}

/** The ledger's creates and duplicate refusals for one natural key. */
export async function ledgerFor(sim: Sim, key: string) {
  const l = await ledger(sim);
  return {
    created: l.created.filter((c) => c.key === key.toLowerCase()),
    duplicates: l.duplicates.filter((d) => d.key === key.toLowerCase()),
  };
}

/**
 * Test isolation: orders other test files left runnable (queued without a worker, retrying…)
 * would be picked up by this file's workers and consume its simulator faults. Empties the
 * provisioning queues and parks those orders as cancelled.
 */
export async function quiesceOrders(): Promise<void> {
  const { Queue } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const { PROVISION_QUEUES } = await import("@/lib/jobs/provision-job");
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  for (const name of Object.values(PROVISION_QUEUES)) {
    const q = new Queue(name, { connection });
    await q.obliterate({ force: true });
    await q.close();
  }
  connection.disconnect();
  await db().order.updateMany({
    where: { status: { in: ["pending", "queued", "retrying", "unknown", "held", "provisioning"] } },
    data: { status: "cancelled", sealedSecret: null, version: { increment: 1 } },
  });
}

/**
 * The file-level hooks every pipeline test file shares, so that files stay independent of each
 * other: before the file, no order an earlier file left is still runnable, then the file's own
 * setup; after it, the file's own teardown, then its faults cleared, the workers it started
 * stopped, its orders parked and its connections closed.
 */
export function pipelineFileHooks(hooks: { setup?: () => Promise<void>; teardown?: () => Promise<void> } = {}): void {
  beforeAll(async () => {
    await quiesceOrders();
    await hooks.setup?.();
  });
  afterAll(async () => {
    await hooks.teardown?.();
    await clearFaults();
    await killAllWorkers();
    await quiesceOrders();
    await closeProducer();
    await disconnectDb();
  });
}

/**
 * pipelineFileHooks for a file that arms simulator faults: no fault left armed after a test, so
 * one test's fault never fires in the next.
 */
export function faultFileHooks(setup: () => Promise<void> = async () => {}): void {
  pipelineFileHooks({ setup });
  afterEach(clearFaults);
}

/**
 * The file's own reseller (with faultFileHooks), made before the file's first test, with a usable
 * grommunio server (shared), so its grommunio domains may leave the home server empty; and a
 * worker with the `worker` settings when given. The returned object is filled in then, so read
 * it inside tests, not at the top of the file.
 */
export function fileTenant(options: { limits?: Limits; worker?: Record<string, string> } = {}): Tenant {
  const tenant = {} as Tenant;
  faultFileHooks(async () => {
    Object.assign(tenant, await makeTenant({ limits: options.limits }));
    await giveUsableGrommunioServer(tenant);
    if (options.worker) await startWorker(options.worker);
  });
  return tenant;
}

/**
 * The file's own reseller (with pipelineFileHooks) with a webhook endpoint for every event, so each
 * step's outbox rows are part of what a test compares. Nothing sends them; the endpoint and its
 * deliveries go after the file. Read the returned object inside tests, as with fileTenant.
 */
export function fileTenantWithEveryEvent(endpointUrl: string): Tenant {
  const tenant = {} as Tenant;
  pipelineFileHooks({
    setup: async () => {
      Object.assign(tenant, await makeTenant());
      await db().webhookEndpoint.create({
        data: {
          resellerId: tenant.reseller.id,
          url: endpointUrl,
          events: [...WEBHOOK_EVENT_TYPES],
          sealedSecret: Buffer.from("unused"),
        },
      });
    },
    teardown: async () => {
      await db().webhookEndpoint.deleteMany({ where: { resellerId: tenant.reseller.id } });
    },
  });
  return tenant;
}

// The provisioning pipeline end to end: orders placed through lib/orders, carried out by a real
// worker process against the simulators over HTTP.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer, enqueueOrder } from "@/lib/jobs/enqueue-order";
import { transition } from "@/lib/orders/state-machine";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { giveUsableGrommunioServer, makeTenant, type Tenant } from "../factories";
import {
  clearFaults,
  fault,
  forms,
  ledgerFor,
  place,
  quiesceOrders,
  rateLimitDomainCreates,
  rejectNextDomainCreate,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

const final = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);
let t: Tenant;

beforeAll(async () => {
  await quiesceOrders();
  t = await makeTenant();
  await giveUsableGrommunioServer(t);
  const w = spawnWorker({ UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4" });
  await w.waitForOutput(/worker started/);
});
afterEach(clearFaults);
afterAll(async () => {
  await killAllWorkers();
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

async function placeOk(kind: Parameters<typeof place>[1], form: unknown) {
  const r = await place(t, kind, form);
  if (!r.ok) throw new Error(`not placed: ${JSON.stringify(r)}`);
  return r.orderId;
}

describe("each order kind reaches succeeded with exactly one upstream resource", () => {
  it("grommunio server, then a grommunio domain waiting on it, with the server's ID", async () => {
    const hostname = `mx${uniq()}.example.com`;
    const serverId = await placeOk("grommunio_server", forms.grommunio_server(hostname));
    const domainname = `g${uniq()}.example.com`;
    const domainId = await placeOk(
      "grommunio_domain",
      forms.grommunio_domain(domainname, { homeserverOrderId: serverId, createRole: true }),
    );
    const server = await waitForOrder(serverId, final);
    expect(server).toMatchObject({
      status: "succeeded",
      upstreamRef: expect.stringMatching(/^\d+$/),
      sealedSecret: null,
    });
    const domain = await waitForOrder(domainId, final);
    expect(domain).toMatchObject({ status: "succeeded", upstreamRef: expect.stringMatching(/^\d+$/) });
    const s = await ledgerFor("grommunio", hostname);
    expect(s.created).toHaveLength(1);
    expect(s.created[0]!.fields).toMatchObject({ hostname, extname: `ext-${hostname}` });
    const d = await ledgerFor("grommunio", domainname);
    expect(d.created).toHaveLength(1);
    expect(d.created[0]).toMatchObject({
      ref: domain.upstreamRef,
      fields: { domainname, maxUser: 10, title: "Org", homeserver: Number(server.upstreamRef) },
    });
    const attempts = await db().attempt.findMany({ where: { orderId: domainId } });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      kind: "create",
      outcome: "succeeded",
      httpMethod: "POST",
      httpStatus: expect.any(Number),
    });
    expect(attempts[0]!.request).toMatchObject({
      domainname,
      homeserver: Number(server.upstreamRef),
      query: { createRole: "true" },
    });
  });

  it("Qboxmail domain, then a manager on that domain's code", async () => {
    const name = `q${uniq()}.example.com`;
    const domainId = await placeOk("qboxmail_domain", forms.qboxmail_domain(name));
    const domain = await waitForOrder(domainId, final);
    expect(domain).toMatchObject({ status: "succeeded", sealedSecret: null });
    const d = await ledgerFor("qboxmail", name);
    expect(d.created).toHaveLength(1);
    expect(d.created[0]).toMatchObject({
      ref: domain.upstreamRef,
      fields: { name, plan: "professional", company: "ACME" },
    });

    const email = `m${uniq()}@example.com`;
    const managerId = await placeOk(
      "qboxmail_manager",
      forms.qboxmail_manager(email, undefined, [domain.upstreamRef!]),
    );
    expect(await waitForOrder(managerId, final)).toMatchObject({
      status: "succeeded",
      upstreamRef: expect.any(String),
    });
    const m = await ledgerFor("qboxmail", email);
    expect(m.created).toHaveLength(1);
    expect(m.created[0]!.fields).toMatchObject({ email_address: email, firstname: "Anna", lastname: "Rossi" });
  });
});

describe("transient faults are retried", () => {
  it.each([
    ["503", { action: "status", status: 503 }],
    ["429 with Retry-After", { action: "status", status: 429, retryAfter: 1 }],
    ["502 HTML page", { action: "status", status: 502, html: true }],
  ])("%s, then success with one resource", async (_label, spec) => {
    const name = `f${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 2, ...spec });
    const started = Date.now();
    const id = await placeOk("qboxmail_domain", forms.qboxmail_domain(name));
    const o = await waitForOrder(id, final);
    expect(o.status).toBe("succeeded");
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
    const outcomes = (await db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } })).map(
      (a) => a.outcome,
    );
    expect(outcomes.at(-1)).toBe("succeeded");
    expect(outcomes.filter((x) => x === "transient" || x === "unknown").length).toBeGreaterThanOrEqual(2);
    if ("retryAfter" in spec) expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("a grommunio 503 is retried too", async () => {
    const hostname = `mx${uniq()}.example.com`;
    await fault("grommunio", { method: "POST", path: "/system/servers", count: 1, action: "status", status: 503 });
    const id = await placeOk("grommunio_server", forms.grommunio_server(hostname));
    expect(await waitForOrder(id, final)).toMatchObject({ status: "succeeded" });
    expect((await ledgerFor("grommunio", hostname)).created).toHaveLength(1);
  });
});

describe("outcomes that are not a plain success", () => {
  it("an upstream validation rejection ends failed with the field errors on the order", async () => {
    await rejectNextDomainCreate("plan");
    const id = await placeOk("qboxmail_domain", forms.qboxmail_domain());
    const o = await waitForOrder(id, final);
    expect(o).toMatchObject({
      status: "failed",
      fieldErrors: { plan: ["is not valid"] },
      lastError: expect.any(String),
    });
    // Failed orders keep their secret for a support retry; "edit and resubmit" cancels them.
    expect(o.sealedSecret).not.toBeNull();
  });

  it.each([
    ["commit then drop", { action: "drop-after-commit" }],
    ["timeout after commit", { action: "delay", ms: 2_500 }],
  ])("%s ends succeeded with no second create", async (_label, spec) => {
    const name = `u${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, ...spec });
    const id = await placeOk("qboxmail_domain", forms.qboxmail_domain(name));
    const o = await waitForOrder(id, final);
    expect(o.status).toBe("succeeded");
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(l.duplicates).toHaveLength(0);
    expect(o.upstreamRef).toBe(l.created[0]!.ref);
    const kinds = (await db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } })).map(
      (a) => `${a.kind}:${a.outcome}`,
    );
    expect(kinds).toEqual(["create:unknown", "lookup:found"]);
  });

  it("a grommunio domain dropped after commit is adopted by lookup", async () => {
    const domainname = `gd${uniq()}.example.com`;
    await fault("grommunio", { method: "POST", path: "/system/domains", count: 1, action: "drop-after-commit" });
    const id = await placeOk("grommunio_domain", forms.grommunio_domain(domainname));
    expect(await waitForOrder(id, final)).toMatchObject({ status: "succeeded" });
    const l = await ledgerFor("grommunio", domainname);
    expect(l.created).toHaveLength(1);
    expect(l.duplicates).toHaveLength(0);
    const kinds = (await db().attempt.findMany({ where: { orderId: id }, orderBy: { number: "asc" } })).map(
      (a) => `${a.kind}:${a.outcome}`,
    );
    expect(kinds).toEqual(["create:unknown", "lookup:found"]);
  });

  it("a name that already exists upstream and is not ours ends failed with a clear reason, on the name's field", async () => {
    const name = `dup${uniq()}.example.com`;
    const other = await makeTenant();
    const first = await place(other, "qboxmail_domain", forms.qboxmail_domain(name));
    if (!first.ok) throw new Error("setup");
    expect(await waitForOrder(first.orderId, final)).toMatchObject({ status: "succeeded" });
    const id = await placeOk("qboxmail_domain", forms.qboxmail_domain(name));
    const o = await waitForOrder(id, final);
    expect(o).toMatchObject({
      status: "failed",
      lastError: `The name ${name} already exists upstream and was not created by this order.`,
      // The form to order again marks the name and says to choose another.
      fieldErrors: { name: [{ key: "nameTakenUpstream" }] },
    });
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
  });

  it("refused credentials hold the order for support without burning retries", async () => {
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status: 401 });
    const id = await placeOk("qboxmail_domain", forms.qboxmail_domain());
    const o = await waitForOrder(id, final);
    expect(o).toMatchObject({ status: "held", lastError: expect.stringMatching(/401/) });
    expect(o.sealedSecret).not.toBeNull();
    expect(await db().attempt.findMany({ where: { orderId: id } })).toMatchObject([
      { outcome: "auth", httpStatus: 401 },
    ]);
  });

  it("grommunio's 403 (account deactivated or lacking a right) and 405 hold the order without burning retries", async () => {
    // The admin account's token stays valid after it was deactivated: the login works, the call is refused.
    const deactivated = { message: "Access denied: Account deactivated" };
    await fault("grommunio", {
      method: "POST",
      path: "/system/servers",
      count: 1,
      action: "status",
      status: 403,
      body: deactivated,
    });
    const server = await placeOk("grommunio_server", forms.grommunio_server());
    const held = await waitForOrder(server, final);
    expect(held).toMatchObject({
      status: "held",
      lastError:
        "grommunio refused the portal's admin account (403): Access denied: Account deactivated. Check that the account is active and has the SystemAdmin role in grommunio, then retry",
    });
    expect(await db().attempt.findMany({ where: { orderId: server } })).toMatchObject([
      { outcome: "auth", httpStatus: 403 },
    ]);

    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 1,
      action: "status",
      status: 405,
      html: true,
    });
    const domain = await placeOk("grommunio_domain", forms.grommunio_domain());
    const refused = await waitForOrder(domain, final);
    expect(refused).toMatchObject({
      status: "held",
      lastError: expect.stringMatching(/^grommunio refused the portal's admin account \(405\)/),
    });
    expect(await db().attempt.findMany({ where: { orderId: domain } })).toMatchObject([
      { outcome: "auth", httpStatus: 405 },
    ]);
  });

  it("a grommunio create answered 404 (a route grommunio does not have: the portal's address) holds the order, never fails it", async () => {
    await fault("grommunio", {
      method: "POST",
      path: "/system/servers",
      count: 1,
      action: "status",
      status: 404,
      body: { message: "Resource not found" },
    });
    const server = await placeOk("grommunio_server", forms.grommunio_server());
    expect(await waitForOrder(server, final)).toMatchObject({
      status: "held",
      lastError:
        "grommunio has no such address (404): Resource not found. Check the portal's grommunio API address and the web server in front of grommunio, then retry",
    });
    expect(await db().attempt.findMany({ where: { orderId: server } })).toMatchObject([
      { outcome: "auth", httpStatus: 404 },
    ]);
  });

  it("waits out a rate limit that lasts past MAX_ATTEMPTS answers", async () => {
    await rateLimitDomainCreates(10);
    const waited = await placeOk("qboxmail_domain", forms.qboxmail_domain());
    expect(await waitForOrder(waited, final)).toMatchObject({ status: "succeeded" });
    const attempts = await db().attempt.findMany({ where: { orderId: waited }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => (a.outcome === "transient" ? `transient:${a.httpStatus}` : a.outcome))).toEqual([
      ...Array(10).fill("transient:429"),
      "succeeded",
    ]);
  });

  it("gives up after MAX_ATTEMPTS transient failures, or four times as many rate limits, and says so", async () => {
    // grommunio's 503 "Database not available." comes before the endpoint runs: nothing created.
    const body = { message: "Database not available." };
    await fault("grommunio", {
      method: "POST",
      path: "/system/servers",
      count: 10,
      action: "status",
      status: 503,
      body,
    });
    const id = await placeOk("grommunio_server", forms.grommunio_server(`mx${uniq()}.example.com`));
    const o = await waitForOrder(id, final);
    expect(o).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^Gave up after 4 failed attempts/) });
    expect(await db().attempt.count({ where: { orderId: id, outcome: "transient" } })).toBe(4);
    const statuses = (await db().auditEvent.findMany({ where: { orderId: id }, orderBy: { id: "asc" } })).map(
      (a) => a.action,
    );
    expect(statuses).toEqual([
      "order.placed",
      ...Array(3).fill(["order.provisioning", "order.retrying"]).flat(),
      "order.provisioning",
      "order.failed",
    ]);

    // A rate limit that never lifts: four 429s spend what one other failure does.
    await rateLimitDomainCreates(40);
    const limited = await placeOk("qboxmail_domain", forms.qboxmail_domain());
    const l = await waitForOrder(limited, final);
    expect(l).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/^Gave up after 16 failed attempts/),
    });
    expect(await db().attempt.count({ where: { orderId: limited, outcome: "transient", httpStatus: 429 } })).toBe(16);

    // A person's retry (failed → queued) starts a fresh budget and still has the sealed secret.
    await clearFaults();
    await rateLimitDomainCreates(1);
    const version = await db().$transaction((tx) =>
      transition(tx, {
        orderId: limited,
        from: "failed",
        to: "queued",
        expectedVersion: l.version,
        actor: { type: "user", id: t.user.id },
        reason: "upstream fixed",
      }),
    );
    await enqueueOrder({ id: limited, provider: "qboxmail", version });
    expect(await waitForOrder(limited, final)).toMatchObject({ status: "succeeded", sealedSecret: null });
  });
});

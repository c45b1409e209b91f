import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { open } from "@/lib/crypto/seal";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { cancelOrder, resubmitOrder } from "@/lib/orders/cancel-order";
import { placeOrder } from "@/lib/orders/place-order";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import { makeOrder, makeService, makeTenant } from "../factories";
import { CANARY, forms, place, quiesceOrders } from "./pipeline-fixtures";

/** Until a statement of another session waits for a row lock `holder` holds (at most 10 s). */
async function waitForRowLockWait(holder: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await holder.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE NOT l.granted AND a.pid <> pg_backend_pid()
         AND pg_backend_pid() = ANY (pg_blocking_pids(a.pid))`,
    );
    if (rows[0].n > 0) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("the resubmit never waited for the old order's row");
}

afterAll(async () => {
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

describe("placing an order", () => {
  it("answers a repeat with its order only while the order it placed still holds the same password", async () => {
    const t = await makeTenant();
    const name = `pw${Date.now()}.example.com`;
    const key = `key-pw-${Date.now()}`;
    const first = await place(t, "qboxmail_domain", forms.qboxmail_domain(name, "First-Pw-4821"), key);
    if (!first.ok) throw new Error(JSON.stringify(first));
    // No worker runs in this file: the order waits, its password sealed on it.
    expect(await place(t, "qboxmail_domain", forms.qboxmail_domain(name, "Other-Pw-4821"), key)).toMatchObject({
      ok: false,
      refusal: "keyUsedForAnother",
      keyHolder: first.orderId,
    });
    expect(await place(t, "qboxmail_domain", forms.qboxmail_domain(name, "First-Pw-4821"), key)).toMatchObject({
      ok: true,
      orderId: first.orderId,
      duplicate: true,
    });
    // Once the order has ended its password is gone: nothing is left to compare, and the repeat
    // is answered with its order as before (docs/api.md).
    await db().order.update({ where: { id: first.orderId }, data: { status: "cancelled", sealedSecret: null } });
    expect(await place(t, "qboxmail_domain", forms.qboxmail_domain(name, "Other-Pw-4821"), key)).toMatchObject({
      ok: true,
      orderId: first.orderId,
    });
  });

  it("commits the order queued, with a sealed secret and a placed audit event, and no password in the clear", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain("Placed.Example.com"));
    expect(r).toMatchObject({ ok: true, duplicate: false });
    if (!r.ok) return;
    const o = await db().order.findUniqueOrThrow({ where: { id: r.orderId } });
    expect(o).toMatchObject({
      status: "queued",
      kind: "qboxmail_domain",
      provider: "qboxmail",
      naturalKey: "placed.example.com",
      resellerId: t.reseller.id,
    });
    expect(JSON.stringify(o.payload)).not.toContain(CANARY);
    expect(open(o.sealedSecret!, o.id)).toEqual({ postmaster_password: CANARY });
    const audit = await db().auditEvent.findMany({ where: { orderId: o.id } });
    expect(audit.map((a) => a.action)).toEqual(["order.placed"]);
    expect(audit[0]).toMatchObject({ actorType: "user", actorId: t.user.id });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(CANARY);
  });

  it("returns the same order for the same idempotency key, also when submitted concurrently", async () => {
    const t = await makeTenant();
    const form = forms.grommunio_server();
    const results = await Promise.all([1, 2, 3, 4].map(() => place(t, "grommunio_server", form, "same-key-123")));
    const ids = new Set(results.map((r) => (r.ok ? r.orderId : "x")));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);
  });

  it("returns field errors from the kind's schema and writes nothing", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", {
      ...forms.qboxmail_domain(),
      postmaster_password_confirmation: "different1",
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fieldErrors)).toContain("postmaster_password_confirmation");
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  // On the customer field, where the person picks another one.
  const CHOOSE_CUSTOMER =
    "Choose a customer from your list: this one is not among your customers (it may have been deleted meanwhile).";

  it("refuses support staff, other tenants' customers and unknown kinds", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const staff = { id: t.user.id, role: "support" as const, resellerId: null };
    expect(
      await placeOrder(staff, {
        customerId: t.customer.id,
        kind: "grommunio_server",
        idempotencyKey: "k-12345678",
        form: forms.grommunio_server(),
      }),
    ).toMatchObject({ ok: false, formError: "Only reseller accounts can place orders." });
    expect(
      await placeOrder(t.user, {
        customerId: other.customer.id,
        kind: "grommunio_server",
        idempotencyKey: "k-12345678",
        form: forms.grommunio_server(),
      }),
    ).toEqual({ ok: false, fieldErrors: { customerId: [CHOOSE_CUSTOMER] }, refusal: "notFound" });
    expect(
      await placeOrder(t.user, {
        resellerId: other.reseller.id,
        customerId: t.customer.id,
        kind: "grommunio_server",
        idempotencyKey: "k-12345678",
        form: {},
      }),
    ).toEqual({ ok: false, fieldErrors: { customerId: [CHOOSE_CUSTOMER] }, refusal: "notFound" });
    expect(
      await placeOrder(t.user, { customerId: t.customer.id, kind: "toString", idempotencyKey: "k-12345678", form: {} }),
    ).toMatchObject({
      ok: false,
      formError:
        "There is no such kind of order: under New order, choose a Qboxmail domain, a Qboxmail manager, a grommunio domain or a grommunio server.",
    });
  });

  it("enforces the reseller's limits, not counting failed or cancelled orders", async () => {
    const t = await makeTenant({ limits: { maxServers: 1, maxDomains: 1 } });
    const first = await place(t, "grommunio_server", forms.grommunio_server());
    expect(first.ok).toBe(true);
    const second = await place(t, "grommunio_server", forms.grommunio_server());
    expect(second).toMatchObject({ ok: false, formError: expect.stringMatching(/at most 1 server;/) });
    if (first.ok) expect(await cancelOrder(t.user, first.orderId, "changed my mind")).toEqual({ ok: true });
    expect((await place(t, "grommunio_server", forms.grommunio_server())).ok).toBe(true);
    expect((await place(t, "qboxmail_domain", forms.qboxmail_domain())).ok).toBe(true);
    expect(await place(t, "grommunio_domain", forms.grommunio_domain())).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/at most 1 domain;/),
    });
  });

  it("never lets concurrent placements at the edge exceed the limit", async () => {
    const t = await makeTenant({ limits: { maxDomains: 3 } });
    for (let i = 0; i < 2; i++) expect((await place(t, "qboxmail_domain", forms.qboxmail_domain())).ok).toBe(true);
    const racing = await Promise.all(
      Array.from({ length: 12 }, () => place(t, "qboxmail_domain", forms.qboxmail_domain())),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    expect(racing.filter((r) => !r.ok).every((r) => !r.ok && /at most 3 domains/.test(r.formError ?? ""))).toBe(true);
    expect(
      await db().order.count({ where: { resellerId: t.reseller.id, status: { notIn: ["failed", "cancelled"] } } }),
    ).toBe(3);
  });

  it("accepts only the reseller's own succeeded Qboxmail domains as manager domain codes", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_manager", forms.qboxmail_manager(undefined, CANARY, ["D12345"]));
    expect(r).toMatchObject({ ok: false, fieldErrors: { domain_codes: [expect.stringMatching(/D12345/)] } });
  });

  it("keeps a grommunio domain pending on its server order, and refuses another tenant's server order", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const server = await place(t, "grommunio_server", forms.grommunio_server());
    const foreign = await place(other, "grommunio_server", forms.grommunio_server());
    if (!server.ok || !foreign.ok) throw new Error("setup");
    const dom = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserverOrderId: server.orderId }),
    );
    if (!dom.ok) throw new Error(JSON.stringify(dom));
    expect(await db().order.findUniqueOrThrow({ where: { id: dom.orderId } })).toMatchObject({
      status: "pending",
      dependsOnOrderId: server.orderId,
    });
    expect(
      await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserverOrderId: foreign.orderId })),
    ).toMatchObject({ ok: false, fieldErrors: { homeserverOrderId: [expect.any(String)] } });
  });
});

describe("cancelling and resubmitting", () => {
  it("lets a reseller cancel a queued order, deleting the sealed secret, but not another tenant's", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!r.ok) throw new Error("setup");
    expect(await cancelOrder(other.user, r.orderId, "nope")).toEqual({
      ok: false,
      formError:
        "This order was not found (the link may be out of date): go back to the orders list and open it from there.",
      refusal: "notFound",
    });
    expect(await cancelOrder(t.user, r.orderId, "typo")).toEqual({ ok: true });
    const o = await db().order.findUniqueOrThrow({ where: { id: r.orderId } });
    expect(o).toMatchObject({ status: "cancelled", sealedSecret: null });
    expect(await cancelOrder(t.user, r.orderId, "again")).toMatchObject({
      ok: false,
      formError:
        "This order has already been cancelled, so there is nothing left to cancel. Reload the page to see it as it is now.",
    });
  });

  it("says why a started order cannot be cancelled and what undoes its result instead", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!r.ok) throw new Error("setup");
    // The worker took it: an attempt was made, so the provider may already be carrying it out.
    await db().order.update({ where: { id: r.orderId }, data: { attemptCount: 1 } });
    expect(await cancelOrder(t.user, r.orderId, "too late")).toEqual({
      ok: false,
      formError:
        "This order can no longer be cancelled: the provider has already been asked to carry it out. Wait for it to " +
        "finish; if you do not want the result, delete the service from its page once it is there.",
      refusal: "notCancellable",
      order: { id: r.orderId, action: "create", status: "queued", serviceId: null },
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: r.orderId } })).toMatchObject({ status: "queued" });
  });

  it.each([
    { changed: "still waiting (its version bumped)", set: "version = version + 1", expected: { ok: true } },
    {
      changed: "taken by the worker",
      set: "version = version + 1, attempt_count = 1",
      expected: { ok: false, refusal: "notCancellable" },
    },
  ])(
    "a cancel that meets the order changed since it read it decides again on the order as it is: $changed",
    async ({ set, expected }) => {
      const t = await makeTenant();
      const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
      if (!r.ok) throw new Error("setup");
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      try {
        // Another writer holds the order's row: the cancel reads the order, then waits for it.
        await other.query("BEGIN");
        await other.query(`SELECT 1 FROM "order" WHERE id = $1 FOR UPDATE`, [r.orderId]);
        const cancelled = cancelOrder(t.user, r.orderId, "changed my mind");
        await waitForRowLockWait(other);
        await other.query(`UPDATE "order" SET ${set} WHERE id = $1`, [r.orderId]);
        await other.query("COMMIT");
        const result = await cancelled;
        expect(result).toMatchObject(expected);
        // Never the page's "changed by someone else; reload", which an API client cannot act on.
        if (!result.ok) expect(result.formError).toContain("can no longer be cancelled");
        const o = await db().order.findUniqueOrThrow({ where: { id: r.orderId } });
        expect(o.status).toBe(result.ok ? "cancelled" : "queued");
      } finally {
        await other.end();
      }
    },
  );

  it("resubmits a failed order as a new one linked in the audit log and cancels the failed one", async () => {
    const t = await makeTenant();
    const r = await place(t, "grommunio_server", forms.grommunio_server());
    if (!r.ok) throw new Error("setup");
    await db().order.update({ where: { id: r.orderId }, data: { status: "failed", version: { increment: 1 } } });
    const again = await resubmitOrder(t.user, {
      orderId: r.orderId,
      idempotencyKey: "resubmit-key-1",
      form: forms.grommunio_server(),
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect(await db().order.findUniqueOrThrow({ where: { id: r.orderId } })).toMatchObject({ status: "cancelled" });
    const placed = await db().auditEvent.findFirstOrThrow({
      where: { orderId: again.orderId, action: "order.placed" },
    });
    expect(placed.after).toMatchObject({ resubmittedFrom: r.orderId });
    const cancelled = await db().auditEvent.findFirstOrThrow({
      where: { orderId: r.orderId, action: "order.cancelled" },
    });
    expect(cancelled.after).toMatchObject({ resubmittedAs: again.orderId });
  });

  it("answers the same resubmit sent again with the order the first one placed", async () => {
    const t = await makeTenant();
    const r = await place(t, "grommunio_server", forms.grommunio_server());
    if (!r.ok) throw new Error("setup");
    await db().order.update({ where: { id: r.orderId }, data: { status: "failed", version: { increment: 1 } } });
    const form = forms.grommunio_server();
    const resubmit = (idempotencyKey: string, edited = form) =>
      resubmitOrder(t.user, { orderId: r.orderId, idempotencyKey, form: edited });
    const key = `resubmit-again-${r.orderId}`;
    const first = await resubmit(key);
    if (!first.ok) throw new Error(JSON.stringify(first));
    // A network retry, or Back and submit: the failed order is cancelled by now.
    expect(await resubmit(key)).toEqual({ ok: true, orderId: first.orderId, duplicate: true });
    // The key with another form is another request: refused, naming the order that holds it.
    expect(await resubmit(key, forms.grommunio_server())).toMatchObject({
      ok: false,
      formError: expect.stringContaining(`already used for another request (order ${first.orderId})`),
    });
    // A new resubmit of the cancelled order is still refused.
    expect(await resubmit(`resubmit-new-${r.orderId}`)).toMatchObject({
      ok: false,
      formError: "Only a failed order can be edited and resubmitted.",
    });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(2);
  });

  it("does not resubmit a failed change as a new service: it stays failed, for support to retry", async () => {
    const t = await makeTenant();
    const service = await makeService({ tenant: t, kind: "grommunio_server" });
    const change = await makeOrder({
      tenant: t,
      kind: "grommunio_server",
      status: "failed",
      action: "delete",
      serviceId: service.id,
    });
    expect(await getResubmitSource(t.reseller.id, change.id)).toBeNull();
    const again = await resubmitOrder(t.user, {
      orderId: change.id,
      idempotencyKey: `resubmit-change-${change.id}`,
      form: forms.grommunio_server(),
    });
    expect(again).toMatchObject({ ok: false, formError: expect.stringMatching(/tried again from the service's page/) });
    expect(await db().order.findUniqueOrThrow({ where: { id: change.id } })).toMatchObject({ status: "failed" });
    expect(await db().order.count({ where: { resellerId: t.reseller.id, action: "create" } })).toBe(0);
  });

  it("a resubmit that support's retry of the old order overtakes places nothing: the two never both stand", async () => {
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!r.ok) throw new Error("setup");
    await db().order.update({ where: { id: r.orderId }, data: { status: "failed", version: { increment: 1 } } });
    // Support's retry holds the old order's row while the resubmit places its new order, and
    // commits first: the resubmit has read the old order as failed before that.
    const support = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await support.connect();
    const key = `resubmit-race-${r.orderId}`;
    try {
      await support.query("BEGIN");
      await support.query(`SELECT 1 FROM "order" WHERE id = $1 FOR UPDATE`, [r.orderId]);
      const resubmitting = resubmitOrder(t.user, {
        orderId: r.orderId,
        idempotencyKey: key,
        form: forms.qboxmail_domain(),
      });
      await waitForRowLockWait(support);
      await support.query(`UPDATE "order" SET status = 'queued', version = version + 1 WHERE id = $1`, [r.orderId]);
      await support.query("COMMIT");
      const again = await resubmitting;
      expect(again).toMatchObject({ ok: false, formError: expect.stringMatching(/changed after you opened it/) });
    } finally {
      await support.end();
    }
    expect(await db().order.count({ where: { resellerId: t.reseller.id, idempotencyKey: key } })).toBe(0);
    expect(await db().order.findUniqueOrThrow({ where: { id: r.orderId } })).toMatchObject({ status: "queued" });
    expect(await db().auditEvent.count({ where: { orderId: r.orderId, action: "order.cancelled" } })).toBe(0);
  });

  it("a resubmitted server order takes over the domain orders waiting for the failed one", async () => {
    const t = await makeTenant();
    const server = await place(t, "grommunio_server", forms.grommunio_server());
    if (!server.ok) throw new Error("setup");
    const domainForm = forms.grommunio_domain(undefined, { homeserverOrderId: server.orderId });
    const domainKey = `key-${server.orderId}-domain`;
    const domain = await place(t, "grommunio_domain", domainForm, domainKey);
    if (!domain.ok) throw new Error(JSON.stringify(domain));
    expect(await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).toMatchObject({
      status: "pending",
      dependsOnOrderId: server.orderId,
    });
    await db().order.update({ where: { id: server.orderId }, data: { status: "failed", version: { increment: 1 } } });
    const again = await resubmitOrder(t.user, {
      orderId: server.orderId,
      idempotencyKey: `resubmit-${server.orderId}`,
      form: forms.grommunio_server(),
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    const waiting = await db().order.findUniqueOrThrow({ where: { id: domain.orderId } });
    expect(waiting).toMatchObject({ status: "pending", dependsOnOrderId: again.orderId, version: 1 });
    expect(waiting.payload).toMatchObject({ homeserverOrderId: again.orderId });
    const moved = await db().auditEvent.findFirstOrThrow({
      where: { orderId: domain.orderId, action: "order.server_replaced" },
    });
    expect(moved).toMatchObject({
      actorId: t.user.id,
      before: { dependsOnOrderId: server.orderId },
      after: { dependsOnOrderId: again.orderId },
    });
    // A client that lost the answer repeats its request as it sent it, naming the first server
    // order: still the same request, answered with the same order.
    expect(await place(t, "grommunio_domain", domainForm, domainKey)).toMatchObject({
      ok: true,
      orderId: domain.orderId,
      duplicate: true,
    });
    // Naming a server order the domain never waited for is another request.
    const other = await place(t, "grommunio_server", forms.grommunio_server());
    if (!other.ok) throw new Error("setup");
    expect(
      await place(t, "grommunio_domain", { ...domainForm, homeserverOrderId: other.orderId }, domainKey),
    ).toMatchObject({ ok: false });
  });
});

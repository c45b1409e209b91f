// What the reseller API says when it refuses: each answer names the field, what is acceptable
// and what to do next, in the API's own English (docs/api.md "Errors"), never zod's defaults
// ("Invalid UUID", "expected number, received NaN") or the portal form's "reload the form".
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { makeOrder, makeService, makeTenant, type Tenant } from "../factories";
import { callApi } from "./api-client";
import { forms, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
});

const ALL = ["orders:read", "orders:write", "customers:read", "services:read", "services:write"];
const CUSTOMER_ID = "Send the id of one of your customers (a UUID from GET /api/v1/customers).";
const KINDS = "Send kind as one of: qboxmail_domain, qboxmail_manager, grommunio_domain, grommunio_server.";

async function tokenFor(t: Tenant): Promise<string> {
  const r = await createApiToken({ ...t.user, resellerId: t.reseller.id }, { name: `w-${randomUUID()}`, scopes: ALL });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r.token;
}

const keyed = () => ({ "idempotency-key": `wording-${randomUUID()}` });

describe("the API's refusals say what to send", () => {
  it("refuses a body that is no object as a whole, with the order's shape, not under `kind`", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    for (const body of [null, [], ["kind"], 42, "qboxmail_domain"]) {
      const refused = await callApi("POST", "/orders", { token, body: JSON.stringify(body), headers: keyed() });
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.detail).toBe(
        'Send the order as a JSON object: {"kind": …, "customerId": …, "fields": {…}} (see PlaceOrder in /api/v1/openapi.json).',
      );
      expect(refused.body.errors).toBeUndefined();
    }
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("tells a customer field sent as the wrong JSON type what to send, on create and on update", async () => {
    const t = await makeTenant();
    const r = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `c-${randomUUID()}`, scopes: ["customers:read", "customers:write"] },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    const created = await callApi("POST", "/customers", {
      token: r.token,
      body: { name: "Acme", reference: 12345, notes: { a: 1 } },
      headers: keyed(),
    });
    expect(created.status).toBe(422);
    expect(created.body.errors).toEqual({
      reference: ["Send text (a JSON string) here, not a number."],
      notes: ["Send text (a JSON string) here, not an object."],
    });
    const updated = await callApi("PUT", `/customers/${t.customer.id}`, {
      token: r.token,
      body: { name: "Acme", reference: true },
    });
    expect(updated.status).toBe(422);
    expect(updated.body.errors).toEqual({ reference: ["Send text (a JSON string) here, not true."] });
  });

  it("refuses a body that names a field twice in one object, placing nothing", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const fields = JSON.stringify(forms.qboxmail_domain()).replace(/^\{/, '{"max_email_accounts":10,');
    const body = `{"kind":"qboxmail_domain","customerId":"${t.customer.id}","fields":${fields.replace(/\}$/, ',"max_email_accounts":100}')}}`;
    const refused = await callApi("POST", "/orders", { token, body, headers: keyed() });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('The body names "max_email_accounts" twice in one object: send each field once.');
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("names the acceptable kinds and where a customer's id comes from", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const token = await tokenFor(t);
    const place = (body: unknown) => callApi("POST", "/orders", { token, body, headers: keyed() });
    const badId = await place({ kind: "qboxmail_domain", customerId: "42", fields: forms.qboxmail_domain() });
    expect(badId.status).toBe(422);
    expect(badId.body.errors).toEqual({ customerId: [CUSTOMER_ID] });
    const noKind = await place({ customerId: t.customer.id, fields: {} });
    expect(noKind.body.errors).toEqual({ kind: [KINDS] });
    // Another reseller's customer is a well-formed id that is none of this reseller's.
    const foreign = await place({
      kind: "qboxmail_domain",
      customerId: other.customer.id,
      fields: forms.qboxmail_domain(),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual({
      customerId: [
        "No customer of yours has this id: send the id of one of your customers (a UUID from GET /api/v1/customers).",
      ],
    });
  });

  it("says the bounds of a list's limit and what a filter takes", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    for (const path of ["/orders", "/services", "/customers"])
      for (const limit of ["ten", "0", "201", "2.5"]) {
        const refused = await callApi("GET", `${path}?limit=${limit}`, { token });
        expect(refused.status, `${path} ${limit}`).toBe(400);
        expect(refused.body.errors, `${path} ${limit}`).toEqual({ limit: ["Send a whole number from 1 to 200."] });
      }
    const filters = await callApi("GET", "/orders?customerId=acme&status=done", { token });
    expect(filters.body.errors).toEqual({
      customerId: [CUSTOMER_ID],
      status: [
        "Send status as one of: pending, queued, provisioning, retrying, unknown, held, succeeded, failed, cancelled.",
      ],
    });
  });

  it("refuses a change whose body or `set` is no object, saying what to send", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const service = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const change = (body: unknown) =>
      callApi("POST", `/services/${service.id}/changes`, { token, body: JSON.stringify(body), headers: keyed() });
    for (const body of [null, [{ action: "suspend" }]]) {
      const refused = await change(body);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/^Send the change as a JSON object: \{"action": "change", "set": \{…\}\}/);
      expect(refused.body.errors).toBeUndefined();
    }
    const listSet = await change({ action: "change", set: [["max_email_accounts", 5]] });
    expect(listSet.body.errors).toEqual({ set: ["Send set as an object of field names and values."] });
    const badAction = await change({ action: "pause" });
    expect(badAction.body.errors).toEqual({ action: ["Send action as one of: change, suspend, resume, delete."] });
    expect(await db().order.count({ where: { serviceId: service.id } })).toBe(0);
  });

  it("refuses an administrator's field in a change on its own name instead of dropping it", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const domain = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const grommunio = await makeService({ tenant: t, kind: "grommunio_domain" });
    const change = (serviceId: string, body: unknown) =>
      callApi("POST", `/services/${serviceId}/changes`, { token, body, headers: keyed() });
    const fixed = (name: string) => [
      `${name} cannot be changed after the service is created: an administrator sets it for your account. Leave ${name} out of the change.`,
    ];
    // With a setting the change takes: placing it without a word would answer 202 for a move not made.
    const withLimit = await change(domain.id, {
      action: "change",
      set: { max_email_accounts: 5, customer_code: "C-OTHER", outbound_limit_id: 2 },
    });
    expect(withLimit.status).toBe(422);
    expect(withLimit.body.errors).toEqual({
      "set.customer_code": fixed("customer_code"),
      "set.outbound_limit_id": fixed("outbound_limit_id"),
    });
    // Alone: named on its field, not "Change at least one setting".
    const alone = await change(grommunio.id, { action: "change", set: { orgID: 7 } });
    expect(alone.status).toBe(422);
    expect(alone.body.errors).toEqual({ "set.orgID": fixed("orgID") });
    // Beside `set` at the body's top level it is refused the same way.
    const top = await change(domain.id, { action: "change", set: { max_email_accounts: 5 }, customer_code: "X" });
    expect(top.status).toBe(422);
    expect(top.body.errors).toEqual({ customer_code: fixed("customer_code") });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("says what to send inside an order's fields and a change's set where zod would word it itself", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const placed = await callApi("POST", "/orders", {
      token,
      body: {
        kind: "qboxmail_domain",
        customerId: t.customer.id,
        fields: { ...forms.qboxmail_domain(), allow_nets: [42] },
      },
      headers: keyed(),
    });
    expect(placed.status).toBe(422);
    expect(placed.body.errors).toEqual({ "fields.allow_nets": ["Send text (a JSON string) here, not a number."] });
    const service = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const changed = await callApi("POST", `/services/${service.id}/changes`, {
      token,
      body: {
        action: "change",
        set: { postmaster_password: "Str0ng-enough-pass!", postmaster_password_confirmation: {} },
      },
      headers: keyed(),
    });
    expect(changed.status).toBe(422);
    expect(changed.body.errors["set.postmaster_password_confirmation"]).toEqual([
      "Send text (a JSON string) here, not an object.",
    ]);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("answers a key used for another request in the API's words, not the form's", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const headers = keyed();
    const placed = await callApi("POST", "/orders", {
      token,
      body: { kind: "qboxmail_domain", customerId: t.customer.id, fields: forms.qboxmail_domain() },
      headers,
    });
    expect(placed.status).toBe(201);
    const expected =
      `This Idempotency-Key was already used for another request (order ${placed.body.id}), so nothing was placed: ` +
      "send a new Idempotency-Key for a new request. Repeating the first request exactly, with its key, answers with its order.";
    const another = await callApi("POST", "/orders", {
      token,
      body: { kind: "qboxmail_domain", customerId: t.customer.id, fields: forms.qboxmail_domain() },
      headers,
    });
    expect(another.status).toBe(422);
    expect(another.body.detail).toBe(expected);
    // The same key for a service's change is another request too.
    const service = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const change = await callApi("POST", `/services/${service.id}/changes`, {
      token,
      body: { action: "suspend" },
      headers,
    });
    expect(change.status).toBe(422);
    expect(change.body.detail).toBe(expected);
  });

  it("answers a cancel the order kept changing under in the API's words, not the page's reload", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const order = await makeOrder({ tenant: t, status: "queued", action: "create" });
    // Every write to this order is skipped, as if another writer moved it first each time: each of
    // the cancel's three readings finds it cancellable and then changed.
    const name = `skip_${randomUUID().replaceAll("-", "")}`;
    await db().$executeRawUnsafe(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
    );
    await db().$executeRawUnsafe(
      `CREATE TRIGGER ${name} BEFORE UPDATE ON "order" FOR EACH ROW WHEN (OLD.id = '${order.id}'::uuid) EXECUTE FUNCTION ${name}()`,
    );
    try {
      const refused = await callApi("POST", `/orders/${order.id}/cancel`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe(
        "This order kept changing while the cancel was being made (the portal was working on it), so nothing was cancelled: " +
          `GET /api/v1/orders/${order.id} shows it as it is now. Send the cancel again: it cancels the order if it can still be ` +
          "cancelled, and otherwise says why not.",
      );
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER ${name} ON "order"`);
      await db().$executeRawUnsafe(`DROP FUNCTION ${name}()`);
    }
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("queued");
    // Sent again, it cancels.
    expect((await callApi("POST", `/orders/${order.id}/cancel`, { token })).status).toBe(200);
  });

  it("says why an order can no longer be cancelled and which change undoes its result", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const create = await makeOrder({ tenant: t, status: "provisioning", action: "create" });
    const started = await callApi("POST", `/orders/${create.id}/cancel`, { token });
    expect(started.status).toBe(409);
    expect(started.body.detail).toBe(
      "This order can no longer be cancelled: the provider has already been asked to carry it out. " +
        `Wait for it to finish (GET /api/v1/orders/${create.id}); if you do not want the result, delete the service ` +
        'once it exists: POST /api/v1/services/{serviceId}/changes with {"action": "delete", "confirmName": "<the service\'s name>"}.',
    );
    const service = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const suspend = await makeOrder({ tenant: t, status: "retrying", action: "suspend", serviceId: service.id });
    const suspending = await callApi("POST", `/orders/${suspend.id}/cancel`, { token });
    expect(suspending.status).toBe(409);
    expect(suspending.body.detail).toContain(
      `if you do not want the result, resume the service: POST /api/v1/services/${service.id}/changes with {"action": "resume"}.`,
    );
    const done = await makeOrder({ tenant: t, status: "succeeded", action: "create" });
    const finished = await callApi("POST", `/orders/${done.id}/cancel`, { token });
    expect(finished.status).toBe(409);
    expect(finished.body.detail).toBe(
      `This order has already succeeded, so there is nothing left to cancel (GET /api/v1/orders/${done.id} shows it).`,
    );
  });
});

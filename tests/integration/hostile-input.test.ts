// Hostile input against the server side of the forms (docs/security.md "Hostile input"):
// generated values of the wrong type, huge strings, odd Unicode and prototype-pollution keys
// never crash placement or customer writes, never write a row, and every refusal names a field
// or the form. fast-check shrinks any counter-example to the smallest input that breaks it.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "@/lib/customers/mutations";
import { customerPickerPage } from "@/lib/customers/queries";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { placeOrder } from "@/lib/orders/place-order";
import { qboxmailDomainCodeOptions } from "@/lib/orders/queries/order-form-options";
import { listUsableServers } from "@/lib/orders/usable-servers";
import { resellerPickerPage } from "@/lib/support/reseller-options";
import { giveUsableGrommunioServer, makeUser } from "../factories";
import {
  applyEdits,
  explainedBy,
  hostileEdits,
  hostileText,
  hostileForm as sharedHostileForm,
  hostileScalar as sharedHostileScalar,
} from "../support/hostile/arbitraries";
import { forms, makeTenant, ORDER_FORM_FIELDS, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

// Beyond the shared hostile values: a larger string, a spreadsheet command, "NaN"; and any
// other key (not only prototype-pollution ones) beside the form's own fields.
const LARGER = ["x".repeat(100_000), "=cmd|' /C calc'!A0", "NaN"];
const anyOtherKey = {
  keys: fc.oneof(
    fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"),
    fc.string({ maxLength: 12 }),
  ),
  max: 4,
};
const hostileScalar = sharedHostileScalar(LARGER);
const hostileForm = (fields: string[]) => sharedHostileForm(fields, LARGER, anyOtherKey);

describe("hostile input", () => {
  it("placing an order: no crash, no row, a message for every refusal", async () => {
    const t = await makeTenant();
    await giveUsableGrommunioServer(t);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...(Object.keys(ORDER_FORM_FIELDS) as (keyof typeof forms)[]))
          .chain((kind) => hostileForm(ORDER_FORM_FIELDS[kind]).map((form) => ({ kind, form }))),
        async ({ kind, form }) => {
          const r = await placeOrder(t.user, {
            customerId: t.customer.id,
            kind,
            idempotencyKey: `hostile-${Math.random().toString(36).slice(2)}`,
            form,
          });
          if (!r.ok) expect(r.formError !== undefined || Object.keys(r.fieldErrors).length > 0).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    // Any order that was accepted passed the kind's schema; none may carry a polluted prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const rows = await db().order.findMany({ where: { resellerId: t.reseller.id }, select: { payload: true } });
    for (const row of rows) expect(Object.getPrototypeOf(row.payload)).toBe(Object.prototype);
  });

  // An unchanged form must be placed whatever keys ride along, a refusal must name a field that
  // was changed, and what is stored never holds a key the form does not have (hostileEdits).
  it("a valid form with a few hostile fields: placed when they are harmless, else refused on those fields", async () => {
    // Limits high enough that every form placed fits: a refusal here is the form's, not the limit's.
    const t = await makeTenant({ limits: { maxDomains: 1000, maxManagers: 1000, maxServers: 1000 } });
    await giveUsableGrommunioServer(t);
    const SECRET_FIELDS = [
      "postmaster_password",
      "postmaster_password_confirmation",
      "password",
      "password_confirmation",
    ];
    const tally = { placed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...(Object.keys(ORDER_FORM_FIELDS) as (keyof typeof forms)[]))
          .chain((kind) => hostileEdits(ORDER_FORM_FIELDS[kind], LARGER).map((edits) => ({ kind, edits }))),
        async ({ kind, edits }) => {
          const r = await placeOrder(t.user, {
            customerId: t.customer.id,
            kind,
            idempotencyKey: `hostile-${Math.random().toString(36).slice(2)}`,
            form: applyEdits(forms[kind](), edits),
          });
          if (r.ok) {
            tally.placed++;
            const stored = r.placed!.payload as Record<string, unknown>;
            for (const key of Object.keys(edits.stray)) expect(Object.hasOwn(stored, key), key).toBe(false);
            for (const key of SECRET_FIELDS) expect(Object.hasOwn(stored, key), key).toBe(false);
          } else {
            tally.refused++;
            expect(Object.keys(edits.changed).length, JSON.stringify(r)).toBeGreaterThan(0);
            for (const key of Object.keys(r.fieldErrors)) expect(explainedBy(edits.changed, key), key).toBe(true);
            expect(r.formError !== undefined || Object.keys(r.fieldErrors).length > 0).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
    // Both sides were reached: enough forms got past the schema to the writes, enough were refused.
    expect(tally.placed, JSON.stringify(tally)).toBeGreaterThanOrEqual(20);
    expect(tally.refused, JSON.stringify(tally)).toBeGreaterThanOrEqual(20);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(tally.placed);
  });

  it("hostile kinds, customers and keys are refused without a row", async () => {
    const t = await makeTenant();
    await fc.assert(
      fc.asyncProperty(hostileScalar, hostileScalar, hostileScalar, async (kind, customerId, key) => {
        const r = await placeOrder(t.user, {
          customerId: customerId as string,
          kind: kind as string,
          idempotencyKey: typeof key === "string" ? key : "k",
          form: {},
        });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 100 },
    );
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("creating a customer: invalid input writes nothing and names the field", async () => {
    const t = await makeTenant();
    const tally = { created: 0, refused: 0 };
    const fields = ["name", "email", "reference", "notes"];
    const valid = () => ({
      name: `Customer ${Math.random().toString(36).slice(2)}`,
      email: "it@example.com",
      reference: "R-1",
      notes: "Line one\nLine two",
    });
    // Wholly hostile forms, and valid ones with a few fields spoiled (hostileEdits).
    const inputs = fc.oneof(
      hostileForm(fields).map((form) => ({ form, edits: undefined })),
      hostileEdits(fields, LARGER).map((edits) => ({ form: applyEdits(valid(), edits), edits })),
    );
    await fc.assert(
      fc.asyncProperty(inputs, async ({ form, edits }) => {
        const before = await db().customer.count({ where: { resellerId: t.reseller.id } });
        const r = await createCustomer(t.reseller.id, form, { type: "user", id: t.user.id, label: t.user.email });
        const after = await db().customer.count({ where: { resellerId: t.reseller.id } });
        tally[r.ok ? "created" : "refused"]++;
        if (r.ok) expect(after).toBe(before + 1);
        else {
          expect(after).toBe(before);
          expect(r.formError !== undefined || Object.keys(r.fieldErrors).length > 0).toBe(true);
          if (edits)
            for (const key of Object.keys(r.fieldErrors)) expect(explainedBy(edits.changed, key), key).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    // Both paths ran: forms past the schema were written, the rest refused.
    expect(tally.created, JSON.stringify(tally)).toBeGreaterThanOrEqual(20);
    expect(tally.refused, JSON.stringify(tally)).toBeGreaterThanOrEqual(20);
  });

  it("the order form's pickers: hostile searches, customers, cursors and codes never throw and never show another reseller's", async () => {
    const [t, other] = await Promise.all([makeTenant(), makeTenant()]);
    const service = (tenant: typeof t, ref: string) =>
      db().service.create({
        data: {
          resellerId: tenant.reseller.id,
          customerId: tenant.customer.id,
          kind: "qboxmail_domain",
          provider: "qboxmail",
          upstreamRef: ref,
          naturalKey: `${ref.toLowerCase()}.example`,
          displayName: `${ref.toLowerCase()}.example`,
        },
      });
    await Promise.all([service(t, "DMINE1"), service(other, "DTHEIRS1")]);
    await db().sharedGrommunioServer.create({
      data: { resellerId: other.reseller.id, serverId: 77, label: "theirs.example", sharedById: other.user.id },
    });
    await fc.assert(
      fc.asyncProperty(hostileScalar, hostileScalar, fc.boolean(), hostileScalar, async (q, customer, all, code) => {
        const query = { search: q as string, customerId: customer as string, onlyCustomer: !all, limit: 50 };
        const domains = await qboxmailDomainCodeOptions(t.reseller.id, {
          ...query,
          codes: [code as string, "DTHEIRS1"],
        });
        expect(domains.map((d) => d.value).filter((v) => v !== "DMINE1")).toEqual([]);
        const servers = await listUsableServers(t.user, t.reseller.id, query);
        expect(servers).toEqual([]);
      }),
      { numRuns: 100 },
    );
    // The customer search's query string is text, whatever a hand-made address puts in it; the
    // reseller's own customer is there to be found, the other's never.
    expect((await customerPickerPage(t.reseller.id, {})).options.map((c) => c.value)).toEqual([t.customer.id]);
    await fc.assert(
      fc.asyncProperty(hostileText(LARGER), hostileText(LARGER), async (q, after) => {
        const customers = await customerPickerPage(t.reseller.id, { q, after });
        expect(customers.options.map((c) => c.value).filter((v) => v !== t.customer.id)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("the staff reseller search: hostile searches and cursors never throw, and only staff may search", async () => {
    const [staff, t] = await Promise.all([makeUser("support"), makeTenant()]);
    await fc.assert(
      fc.asyncProperty(hostileText(LARGER), hostileText(LARGER), async (q, after) => {
        const page = await resellerPickerPage(staff, { q, after });
        expect(page.options.length).toBeLessThanOrEqual(50);
        for (const o of page.options) expect(o.value).toMatch(/^[0-9a-f-]{36}$/);
      }),
      { numRuns: 100 },
    );
    const resellerUser = await makeUser("reseller", t.reseller.id);
    await expect(resellerPickerPage(resellerUser, { q: "" })).rejects.toThrow(/404/);
  });
});

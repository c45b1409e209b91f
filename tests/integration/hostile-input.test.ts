// Hostile input against the server side of the forms (docs/security.md "Hostile input"):
// generated values of the wrong type, huge strings, odd Unicode and prototype-pollution keys
// never crash placement or customer writes, never write a row for what is refused, and every
// refusal names a field or the form. fast-check shrinks any counter-example to the smallest input that breaks it.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "@/lib/customers/mutations";
import { customerPickerPage } from "@/lib/customers/queries";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { placeOrder } from "@/lib/orders/place-order";
import { qboxmailDomainCodeOptions } from "@/lib/orders/queries/order-form-options";
import { orderKinds } from "@/lib/orders/schemas";
import { listUsableServers } from "@/lib/orders/usable-servers";
import { resellerPickerPage } from "@/lib/support/reseller-options";
import { giveUsableGrommunioServer, makeUser } from "../factories";
import {
  applyEdits,
  countedRuns,
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

// Prototype pollution as a request body brings it: JSON.parse makes `__proto__` an own key (an
// object literal or an assignment would set the prototype instead), and `constructor.prototype`
// reaches Object.prototype through any plain object. A deep merge of such a form into `{}` sets
// `polluted` on every object. Added at the top of the form and, for a grommunio domain, inside its
// one nested field (syncPolicy).
const POLLUTING = [
  { key: "__proto__", json: '{"__proto__": {"polluted": "via __proto__", "isAdmin": true}}' },
  { key: "constructor", json: '{"constructor": {"prototype": {"polluted": "via constructor.prototype"}}}' },
] as const;
type Polluting = (typeof POLLUTING)[number];
const pollution = fc.record({ keys: fc.subarray([...POLLUTING], { minLength: 1 }), nested: fc.boolean() });

/** Each chosen key as its own property (never through the `__proto__` setter), holding a parsed object. */
function polluteInto(target: Record<string, unknown>, keys: readonly Polluting[]): Record<string, unknown> {
  for (const { key, json } of keys) {
    const value = (JSON.parse(json) as Record<string, unknown>)[key];
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return target;
}

function withPollution(
  kind: keyof typeof forms,
  form: Record<string, unknown>,
  p: { keys: Polluting[]; nested: boolean },
): Record<string, unknown> {
  const out = polluteInto({ ...form }, p.keys);
  if (kind === "grommunio_domain" && p.nested) {
    const inner = form.syncPolicy;
    const base = inner && typeof inner === "object" && !Array.isArray(inner) ? { ...inner } : {};
    Object.defineProperty(out, "syncPolicy", {
      value: polluteInto(base, p.keys),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** The fields a kind's stored payload may hold: its payload schema's keys. */
function payloadFields(kind: keyof typeof forms): ReadonlySet<string> {
  const { shape } = orderKinds[kind].payloadSchema as unknown as { shape?: Record<string, unknown> };
  if (!shape) throw new Error(`${kind}: the payload schema has no shape to compare with`);
  return new Set(Object.keys(shape));
}

/** Paths in a stored value where a pollution key or its marker sits, at any depth. */
function pollutionIn(value: unknown, at = "payload"): string[] {
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(["__proto__", "constructor", "prototype", "polluted"].includes(key) ? [`${at}.${key}`] : []),
    ...pollutionIn(inner, `${at}.${key}`),
  ]);
}

describe("hostile input", () => {
  it("placing an order: no crash, no row, a message for every refusal", async () => {
    // Limits high enough that every valid form fits: a refusal is the form's, not the limit's.
    const t = await makeTenant({ limits: { maxDomains: 1000, maxManagers: 1000, maxServers: 1000 } });
    await giveUsableGrommunioServer(t);
    const rows = () => db().order.count({ where: { resellerId: t.reseller.id } });
    const tally = { placed: 0, refused: 0 };
    const runs = countedRuns(150);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(ORDER_FORM_FIELDS) as (keyof typeof forms)[])).chain((kind) =>
          fc
            .tuple(
              // Mostly wholly hostile forms; some valid ones, so pollution also rides along with a
              // form the schema accepts and reaches the writes behind it.
              fc.oneof(
                { arbitrary: hostileForm(ORDER_FORM_FIELDS[kind]), weight: 3 },
                { arbitrary: fc.constant(null).map(() => forms[kind]() as Record<string, unknown>), weight: 1 },
              ),
              pollution,
            )
            .map(([form, p]) => ({ kind, form: withPollution(kind, form, p), p })),
        ),
        async ({ kind, form, p }) => {
          // The pollution really is in the form as JSON.parse leaves it: own keys holding objects.
          for (const { key } of p.keys) expect(Object.getOwnPropertyDescriptor(form, key)?.value).toBeTypeOf("object");
          const before = await rows();
          const r = await placeOrder(t.user, {
            customerId: t.customer.id,
            kind,
            idempotencyKey: `hostile-${randomUUID()}`,
            form,
          });
          expect(await rows(), JSON.stringify(r)).toBe(before + (r.ok ? 1 : 0));
          // Had any code merged the form deeply into a plain object, every object would now carry it.
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
          if (!r.ok) {
            tally.refused++;
            expect(r.formError !== undefined || Object.keys(r.fieldErrors).length > 0).toBe(true);
            return;
          }
          tally.placed++;
          expect(r.duplicate).toBe(false);
          // What is stored holds only the kind's own payload fields, and nothing of the pollution
          // at any depth.
          const { payload } = await db().order.findUniqueOrThrow({ where: { id: r.orderId } });
          const own = Object.keys(payload as Record<string, unknown>);
          expect(
            own.filter((key) => !payloadFields(kind).has(key)),
            JSON.stringify(payload),
          ).toEqual([]);
          expect(pollutionIn(payload), JSON.stringify(payload)).toEqual([]);
        },
      ),
      runs,
    );
    // Both sides were reached: some forms got past the schema to the writes, the rest were refused.
    expect(tally.placed, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(10);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(50);
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
    const runs = countedRuns(200);
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
      runs,
    );
    // Both sides were reached: enough forms got past the schema to the writes, enough were refused.
    expect(tally.placed, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(20);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(20);
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
    const runs = countedRuns(200);
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
      runs,
    );
    // Both paths ran: forms past the schema were written, the rest refused.
    expect(tally.created, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(20);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(20);
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

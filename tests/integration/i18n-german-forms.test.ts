// No English sentence reaches a German form (docs/i18n.md "What is translated"). Each order kind,
// the placing refusals, the cancel refusal, the account and admin schemas and the generic failure
// run as their actions run them: the schema with the form's parse options (zod's own wording in
// the person's language), the real lib/ call on the real database, then resultIn(), which is what
// forPerson() does once next-intl has given it the person's translators. The same input in English
// and in German must differ message by message: a message that comes out the same was not translated.
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { updateResellerLimits } from "@/lib/admin/resellers";
import { createUserSchema, resellerLimitsSchema, shareServerSchema, userActionSchema } from "@/lib/admin/schemas";
import { AdminActionError } from "@/lib/admin/users";
import { accountPasswordSchema } from "@/lib/auth/password-policy";
import type { Viewer } from "@/lib/auth/session";
import { createCustomer, updateCustomer } from "@/lib/customers/mutations";
import { customerSchema } from "@/lib/customers/schemas";
import { disconnectDb } from "@/lib/db";
import { type FormTranslators, failure, invalid, resultIn } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import type { Locale } from "@/lib/i18n/locales";
import { parseOptionsFor } from "@/lib/i18n/zod-errors";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { placeOrder } from "@/lib/orders/place-order";
import { type OrderKindName, parseOrderForm } from "@/lib/orders/schemas";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { makeOrder, makeTenant, makeUser, type Tenant } from "../factories";
import { forms, quiesceOrders } from "./pipeline-fixtures";

const translators = (locale: Locale, messages: typeof en): FormTranslators => ({
  validation: createTranslator({ locale, messages, namespace: "validation" }) as FormTranslators["validation"],
  sentences: createTranslator({ locale, messages, namespace: "sentences" }) as FormTranslators["sentences"],
});
const EN = translators("en", en);
const DE = translators("de", de as typeof en);

/** Every message of a form result, in a stable order: [field, text]. */
function messages(r: FormResult<unknown>): [string, string][] {
  if (r.ok) return r.message ? [["_message", r.message]] : [];
  const out: [string, string][] = [];
  for (const [field, list] of Object.entries(r.fieldErrors)) for (const m of list ?? []) out.push([field, m]);
  if (r.formError) out.push(["_form", r.formError]);
  return out;
}

/**
 * The English and German forms of one refusal differ in every message, and there is one at least.
 * `make` builds the refusal as the action would for a person speaking `locale`.
 */
function expectGerman(make: (locale: Locale) => FormResult<unknown>) {
  const english = messages(resultIn(make("en"), EN));
  const german = messages(resultIn(make("de"), DE));
  expect(english.length).toBeGreaterThan(0);
  expect(german.map(([f]) => f)).toEqual(english.map(([f]) => f));
  german.forEach(([field, text], i) => {
    expect(text, `${field}: "${text}" is the English text`).not.toBe(english[i]?.[1]);
  });
}

/** A schema's refusal as the action's boundary makes it, with zod's wording in `locale`. */
function schemaRefusal(schema: z.ZodType, input: unknown, locale: Locale): FormResult<never> {
  const parsed = schema.safeParse(input, parseOptionsFor(locale));
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return invalid(parsed.error);
}

function orderRefusal(kind: OrderKindName, input: unknown, locale: Locale): FormResult<never> {
  const parsed = parseOrderForm(kind, input, parseOptionsFor(locale));
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return { ok: false, fieldErrors: parsed.fieldErrors, formError: parsed.formErrors.join(" ") || undefined };
}

// Invalid input for each kind: empty forms (the "enter …" messages), wrong values in every field
// that checks one, and JSON values of the wrong type (zod's own wording).
const INVALID: Record<OrderKindName, unknown[]> = {
  qboxmail_domain: [
    {},
    {
      name: "www.example.com",
      postmaster_password: "short",
      postmaster_password_confirmation: "other",
      plan: "gold",
      max_email_accounts: "-5",
      max_email_quota: "12",
      antispam_level: "9",
      password_expiration: "7",
      language: "fr",
      timezone: "Mars/Olympus",
      catch_all_enabled: "true",
      allow_nets: "not-a-network",
      company: 42,
      imap_disabled: "maybe",
    },
    { name: "München.de", postmaster_password: "password1", plan: "basic", chat: true, max_email_quota: "-3" },
    { name: "example.c0m", default_quota: 1e15, allow_nets: [5] },
    { name: "a..b.com" },
    { name: "exa_mple.com" },
    { name: "-a.example.com" },
    { name: "ab--c.example.com" },
    { name: "xn--zz.example.com" },
    { name: "example.com." },
    { name: "localhost" },
    { name: `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.com` },
  ],
  qboxmail_manager: [
    {},
    {
      email_address: "nope",
      firstname: "A",
      lastname: "B",
      password: "abcdefgh",
      password_confirmation: "x",
      domain_codes: ["D1", "D1", "x".repeat(40)],
      max_email_quota: "3",
      max_domains: "1.5",
    },
  ],
  grommunio_domain: [
    {},
    {
      domainname: "-bad-.example.com",
      maxUser: "-1",
      endDay: "2030-02-31",
      homeserver: "999",
      domainStatus: "7",
      title: 5,
      syncPolicy: { allowwifi: 7, maxattsize: -5, devpwexpiration: -1, bogus: 1 },
    },
    { domainname: "ok.example.com", maxUser: "x", homeserverOrderId: "nope", homeserver: "0", syncPolicy: "x" },
  ],
  grommunio_server: [{}, { hostname: "bad host", extname: "a..b" }, { hostname: "-x.example.com", extname: "ü.de" }],
};

let t: Tenant;
beforeAll(async () => {
  t = await makeTenant({ limits: { maxServers: 0 } });
});
afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

describe("a German form never shows an English sentence", () => {
  for (const kind of Object.keys(INVALID) as OrderKindName[]) {
    INVALID[kind].forEach((input, i) => {
      it(`${kind} form, invalid input ${i + 1}`, () => {
        expectGerman((locale) => orderRefusal(kind, input, locale));
      });
    });
  }

  it("the placing refusals: staff, unknown customer, unknown kind, expired form, limits, foreign references", async () => {
    const key = () => `key-${randomUUID()}`;
    const staff: Viewer = { id: t.user.id, role: "support", resellerId: null };
    const refusals = [
      await placeOrder(staff, { customerId: t.customer.id, kind: "grommunio_server", idempotencyKey: key(), form: {} }),
      await placeOrder(t.user, { customerId: randomUUID(), kind: "grommunio_server", idempotencyKey: key(), form: {} }),
      await placeOrder(t.user, { customerId: t.customer.id, kind: "mailbox", idempotencyKey: key(), form: {} }),
      await placeOrder(t.user, { customerId: t.customer.id, kind: "grommunio_server", idempotencyKey: "x", form: {} }),
      // maxServers is 0: the limit refusal names the number and the kind of thing.
      await placeOrder(t.user, {
        customerId: t.customer.id,
        kind: "grommunio_server",
        idempotencyKey: key(),
        form: forms.grommunio_server(),
      }),
      await placeOrder(t.user, {
        customerId: t.customer.id,
        kind: "qboxmail_manager",
        idempotencyKey: key(),
        form: forms.qboxmail_manager(undefined, undefined, ["D404404404"]),
      }),
      await placeOrder(t.user, {
        customerId: t.customer.id,
        kind: "grommunio_domain",
        idempotencyKey: key(),
        form: forms.grommunio_domain(undefined, { homeserver: 201 }),
      }),
      await placeOrder(t.user, {
        customerId: t.customer.id,
        kind: "grommunio_domain",
        idempotencyKey: key(),
        form: forms.grommunio_domain(undefined, { homeserverOrderId: randomUUID() }),
      }),
      // No server of its own and none shared: an empty home server is refused.
      await placeOrder(t.user, {
        customerId: t.customer.id,
        kind: "grommunio_domain",
        idempotencyKey: key(),
        form: forms.grommunio_domain(),
      }),
    ];
    for (const r of refusals) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expectGerman(() => ({ ok: false, fieldErrors: r.fieldErrors, formError: r.formError }));
    }
  });

  it("the cancel refusal names the order's status in German", async () => {
    const order = await makeOrder({ tenant: t, status: "succeeded" });
    const r = await cancelOrder(t.user, order.id, "test");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expectGerman(() => ({ ok: false, fieldErrors: {}, formError: r.formError }));
    expect(resultIn({ ok: false, fieldErrors: {}, formError: r.formError }, DE).formError).toContain("„Erfolgreich“");
  });

  it("the account, customer and admin forms, zod's own messages included", () => {
    const cases: [z.ZodType, unknown][] = [
      [accountPasswordSchema, ""],
      [accountPasswordSchema, "short"],
      [accountPasswordSchema, 42],
      [customerSchema, {}],
      [customerSchema, { name: 7, email: "nope" }],
      [createUserSchema, {}],
      [userActionSchema, { userId: "not-a-uuid", reason: "" }],
      [resellerLimitsSchema, { maxDomains: "x", maxManagers: "-1", maxServers: "1e99" }],
      [resellerLimitsSchema, { maxDomains: "", maxManagers: " ", maxServers: "1e3" }],
      [shareServerSchema, {}],
    ];
    for (const [schema, input] of cases) expectGerman((locale) => schemaRefusal(schema, input, locale));
  });

  it("the customer form's duplicate name, on create and on edit", async () => {
    const actor = { type: "user", id: t.user.id } as const;
    const other = await createCustomer(t.reseller.id, { name: `Other ${randomUUID()}` }, actor);
    if (!other.ok) throw new Error("create failed");
    const refusals = [
      await createCustomer(t.reseller.id, { name: t.customer.name }, actor),
      await updateCustomer(t.reseller.id, other.data.id, { name: t.customer.name }, actor),
    ];
    for (const r of refusals) {
      expect(r).toEqual({ ok: false, fieldErrors: { name: ["You already have a customer with this name"] } });
      expectGerman(() => r);
    }
  });

  it("the admin's limits for a reseller deleted since the page loaded", async () => {
    const admin = await makeUser("admin");
    const limits = { maxDomains: 1, maxManagers: 1, maxServers: 1, updatedAt: new Date(), reason: "contract change" };
    const err = await updateResellerLimits(admin, { resellerId: randomUUID(), ...limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminActionError);
    expectGerman(() => failure(err, [AdminActionError]));
    // …and for one someone else saved since the page loaded.
    const stale = await updateResellerLimits(admin, { resellerId: t.reseller.id, ...limits }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AdminActionError);
    expectGerman(() => failure(stale, [AdminActionError]));
  });

  it("the customer form's refusal of an edit on a copy someone else changed since", async () => {
    const actor = { type: "user", id: t.user.id } as const;
    const r = await updateCustomer(t.reseller.id, t.customer.id, { name: t.customer.name }, actor, {
      updatedAt: new Date(0).toISOString(),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expectGerman(() => ({ ok: false, fieldErrors: r.fieldErrors, formError: r.formError }));
    expect(resultIn({ ok: false, fieldErrors: {}, formError: r.formError }, DE).formError).toContain(
      "speichern Sie dann erneut",
    );
  });

  it("the generic failure of any action", () => {
    expectGerman(() => failure(new Error("database went away")));
  });
});

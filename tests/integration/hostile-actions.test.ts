// Hostile input against the server actions of the admin and support consoles, API tokens and
// webhooks (docs/security.md "Hostile input"). Each action is its schema plus one lib/ call
// (lib/forms/action.ts) on the fields app/*/actions.ts reads; here both run as the action runs
// them (all but the session and revalidation, which need Next), on generated input: wrong types,
// huge strings, odd Unicode, prototype-pollution keys, and real ids of the wrong kind. Every
// refusal names a field of the form (or the form), no input ends in the generic "something went
// wrong" (our 500), and a refusal writes no audit row.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { shareServer, unshareServer, updateResellerUpstream } from "@/lib/admin/reseller-upstream";
import { updateResellerLimits } from "@/lib/admin/resellers";
import * as adminSchemas from "@/lib/admin/schemas";
import * as adminUsers from "@/lib/admin/users";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { changeOwnPassword, PasswordChangeError } from "@/lib/auth/change-password";
import { userActor, type Viewer } from "@/lib/auth/session";
import { verifySecondFactor } from "@/lib/auth/two-factor";
import { updateCustomer } from "@/lib/customers/mutations";
import { db, disconnectDb } from "@/lib/db";
import { failure, invalid } from "@/lib/forms/action";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { placeChange } from "@/lib/services/place-change";
import { orderActionSchema, resolveOrderSchema } from "@/lib/support/action-schemas";
import { cancelOrder, retryOrderNow, SupportActionError } from "@/lib/support/order-actions";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { preferencesSchema, saveDisplayPreferences } from "@/lib/users/preferences";
import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeTenant, makeUser, type Tenant } from "../factories";
import { quiesceOrders } from "./pipeline-fixtures";

const GENERIC = "Something went wrong";
let t: Tenant;
let admin: Viewer;
let support: Viewer;
let ids: string[];

beforeAll(async () => {
  t = await makeTenant();
  admin = await makeUser("admin");
  support = await makeUser("support");
  // Real ids of every kind, so generated input also hits rows that exist but are the wrong thing.
  const service = await db().service.create({
    data: {
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      kind: "grommunio_domain",
      provider: "grommunio",
      upstreamRef: `9${Date.now() % 1_000_000_000}`,
      naturalKey: `hostile-${t.tag}.example.com`,
      displayName: `hostile-${t.tag}.example.com`,
    },
  });
  ids = [t.reseller.id, t.user.id, t.customer.id, admin.id, support.id, service.id, randomUUID()];
});
afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

const scalar = () =>
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.constantFrom("", " ", "\u0000", "a\u0000b", "\u202e", "x".repeat(20_000), "-1", "1e309", "=1+1", "on", "true"),
    fc.constantFrom(...ids),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );
const hostile = (fields: string[]) =>
  fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), scalar(), { maxKeys: fields.length }),
      fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString"), scalar(), { maxKeys: 2 }),
    )
    .map(([known, extra]) => Object.assign(JSON.parse(JSON.stringify(extra)), known) as Record<string, unknown>);

type Entry = {
  fields: string[];
  schema: z.ZodType;
  run: (data: never) => Promise<unknown>;
  known: Array<abstract new (...args: never[]) => Error>;
  actor: () => Viewer;
};
const reason = ["reason"];
const entries: Record<string, Entry> = {
  "admin: reseller limits": {
    fields: ["resellerId", "maxDomains", "maxManagers", "maxServers", ...reason],
    schema: adminSchemas.resellerLimitsSchema,
    run: (d) => updateResellerLimits(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: create user": {
    fields: ["email", "name", "role", "resellerId", "password", ...reason],
    schema: adminSchemas.createUserSchema,
    run: (d) => adminUsers.createUserAsAdmin(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: disable user": {
    fields: ["userId", ...reason],
    schema: adminSchemas.userActionSchema,
    run: (d) => adminUsers.disableUserAsAdmin(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: enable user": {
    fields: ["userId", ...reason],
    schema: adminSchemas.userActionSchema,
    run: (d) => adminUsers.enableUserAsAdmin(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: reset two-factor": {
    fields: ["userId", ...reason],
    schema: adminSchemas.userActionSchema,
    run: (d) => adminUsers.resetTwoFactorAsAdmin(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: reset password": {
    fields: ["userId", "password", ...reason],
    schema: adminSchemas.resetPasswordSchema,
    run: (d) => adminUsers.resetPasswordAsAdmin(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: reseller upstream identifiers": {
    fields: ["resellerId", "grommunioOrgId", "qboxmailCustomerCode", "qboxmailOutboundLimitId", ...reason],
    schema: adminSchemas.resellerUpstreamSchema,
    run: (d) => updateResellerUpstream(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: share a server": {
    fields: ["resellerId", "serverId", "label", ...reason],
    schema: adminSchemas.shareServerSchema,
    run: (d) => shareServer(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "admin: unshare a server": {
    fields: ["shareId", ...reason],
    schema: adminSchemas.unshareServerSchema,
    run: (d) => unshareServer(admin, d),
    known: [adminUsers.AdminActionError],
    actor: () => admin,
  },
  "support: retry now": {
    fields: ["orderId", "expectedVersion", "reasonVisible", ...reason],
    schema: orderActionSchema,
    run: (d) => retryOrderNow(support, d),
    known: [SupportActionError],
    actor: () => support,
  },
  "support: cancel": {
    fields: ["orderId", "expectedVersion", "reasonVisible", ...reason],
    schema: orderActionSchema,
    run: (d) => cancelOrder(support, d),
    known: [SupportActionError],
    actor: () => support,
  },
  "support: mark resolved": {
    fields: ["orderId", "expectedVersion", "upstreamRef", "reasonVisible", ...reason],
    schema: resolveOrderSchema,
    run: (d) => resolveOrderByHand(support, d),
    known: [SupportActionError],
    actor: () => support,
  },
};

const auditBy = (actorId: string) => db().auditEvent.count({ where: { actorId } });

describe("hostile input against the consoles' server actions", () => {
  for (const [name, e] of Object.entries(entries)) {
    it(`${name}: a message per field, never the generic failure, no audit row from a refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(hostile(e.fields), async (input) => {
          const before = await auditBy(e.actor().id);
          const parsed = e.schema.safeParse(input);
          if (!parsed.success) {
            const result = invalid(parsed.error);
            if (result.ok) throw new Error("invalid() answered ok");
            const keys = Object.keys(result.fieldErrors);
            expect(keys.length > 0 || !!result.formError, "a refusal says what to fix").toBe(true);
            for (const k of keys) expect(e.fields, `error on unknown field ${k}`).toContain(k);
            expect(await auditBy(e.actor().id)).toBe(before);
            return;
          }
          try {
            await e.run(parsed.data as never);
          } catch (err) {
            const result = failure(err, e.known);
            if (result.ok) throw new Error("failure() answered ok");
            expect(result.formError, String((err as Error)?.message)).not.toContain(GENERIC);
            expect(await auditBy(e.actor().id)).toBe(before);
          }
        }),
        { numRuns: 30 },
      );
    }, 120_000);
  }

  it("API tokens and webhook endpoints: refusals name their fields and never throw", async () => {
    const person = { ...t.user, resellerId: t.reseller.id };
    await fc.assert(
      fc.asyncProperty(
        hostile(["name", "scopes", "expiresOn"]),
        hostile(["url", "events", "description"]),
        async (token, hook) => {
          const a = await createApiToken(person, token);
          if (!a.ok) expect(Object.keys(a.fieldErrors).length).toBeGreaterThan(0);
          const b = await createWebhookEndpoint(person, hook);
          if (!b.ok) expect(Object.keys(b.fieldErrors).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("the reseller's and everyone's own-account actions: refusals say what to fix and nothing throws unexpectedly", async () => {
    const person = { ...t.user, resellerId: t.reseller.id };
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(...ids),
      fc.constantFrom("", "\u0000", "x".repeat(20_000)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          id: text,
          action: fc.oneof(fc.constantFrom("change", "suspend", "resume", "delete"), fc.string({ maxLength: 10 })),
          customer: hostile(["name", "email", "reference", "notes"]),
          change: hostile(["maxUser", "title", "address", "adminName", "tel", "endDay", "syncPolicy"]),
          prefs: hostile(["locale", "timeZone"]),
          password: fc.record({ currentPassword: text, newPassword: text }),
        }),
        async (g) => {
          const before = await auditBy(t.user.id);
          const customer = await updateCustomer(t.reseller.id, g.id, g.customer, userActor(person));
          if (!customer.ok) {
            for (const k of Object.keys(customer.fieldErrors))
              expect(["name", "email", "reference", "notes"]).toContain(k);
            expect(Object.keys(customer.fieldErrors).length > 0 || !!customer.formError).toBe(true);
          }
          const change = await placeChange(person, {
            serviceId: g.id,
            action: g.action,
            idempotencyKey: g.id,
            form: g.change,
            confirmName: g.id,
          });
          if (!change.ok) expect(Object.keys(change.fieldErrors).length > 0 || !!change.formError).toBe(true);
          const prefs = preferencesSchema.safeParse(g.prefs);
          if (prefs.success) await saveDisplayPreferences(t.user.id, prefs.data);
          expect(typeof (await revokeApiToken(person, g.id)).ok).toBe("boolean");
          expect(typeof (await deleteWebhookEndpoint(person, g.id))).toBe("boolean");
          expect(typeof (await enableWebhookEndpoint(person, g.id))).toBe("boolean");
          expect((await verifySecondFactor(person, g.id)).ok).toBe(false);
          await expect(
            changeOwnPassword({ ...person, sessionId: randomUUID() }, g.password).catch((err: unknown) => {
              if (err instanceof PasswordChangeError) return "refused";
              throw err;
            }),
          ).resolves.toBe("refused");
          // Whatever was refused left no trace; what was accepted is audited (and valid).
          if (!customer.ok && !change.ok) expect(await auditBy(t.user.id)).toBe(before);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});

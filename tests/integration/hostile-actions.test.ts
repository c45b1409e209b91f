// Hostile input against the server actions of the admin and support consoles, API tokens and
// webhooks (docs/security.md "Hostile input"). Each action is its schema plus one lib/ call
// (lib/forms/action.ts) on the fields app/*/actions.ts reads; here both run as the action runs
// them (all but the session and revalidation, which need Next), on generated input: wrong types,
// huge strings, odd Unicode, prototype-pollution keys, and real ids of the wrong kind. Every
// refusal names a field of the form (or the form), no input ends in the generic "something went
// wrong" (our 500), and a refusal writes no audit row.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { shareServer, unshareServer, updateResellerUpstream } from "@/lib/admin/reseller-upstream";
import { updateResellerLimits } from "@/lib/admin/resellers";
import * as adminSchemas from "@/lib/admin/schemas";
import * as adminUsers from "@/lib/admin/users";
import { createApiTokenWithPassword, revokeApiToken } from "@/lib/api/tokens";
import { changeOwnPassword, PasswordChangeError } from "@/lib/auth/change-password";
import { hashPassword } from "@/lib/auth/password";
import { userActor, type Viewer } from "@/lib/auth/session";
import { verifySecondFactor } from "@/lib/auth/two-factor";
import { updateCustomer } from "@/lib/customers/mutations";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { failure, invalid } from "@/lib/forms/action";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { placeChange } from "@/lib/services/place-change";
import { orderActionSchema, resolveOrderSchema } from "@/lib/support/action-schemas";
import { cancelOrder, retryOrderNow, SupportActionError } from "@/lib/support/order-actions";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { preferencesSchema, saveDisplayPreferences } from "@/lib/users/preferences";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  rotateWebhookSecret,
} from "@/lib/webhooks/endpoints";
import { makeService, makeTenant, makeUser, type Tenant } from "../factories";
import { applyEdits, countedRuns, explainedBy, hostileEdits } from "../support/hostile/arbitraries";
import { quiesceOrders } from "./pipeline-fixtures";

const GENERIC = "Something went wrong";
let t: Tenant;
let admin: Viewer;
let support: Viewer;
let ids: string[];

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the valid webhook form names a loopback address
  resetEnvCache();
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
// The hostile admin actions draw their user ids from `ids`, so a run of "disable user" may disable
// this file's reseller user, support or admin; the tests after it act as them, and an account
// step of a disabled user is refused whatever its fields (lib/auth/still-as-checked.ts).
afterEach(async () => {
  await db().user.updateMany({
    where: { id: { in: [t.user.id, admin.id, support.id] } },
    data: { disabledAt: null },
  });
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  // The files share one database: servers shared here (by simulator ID) would make another
  // file's new server look owned, and the endpoints made here must never be sent anything.
  await db().sharedGrommunioServer.deleteMany({ where: { resellerId: t.reseller.id } });
  await db().webhookEndpoint.updateMany({ where: { resellerId: t.reseller.id }, data: { disabledAt: new Date() } });
  // The services made for the change runs name nothing upstream: ended, so no other file's
  // sweep spends its passes reading them.
  await db().service.updateMany({ where: { resellerId: t.reseller.id }, data: { status: "deleted" } });
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
    fields: ["resellerId", "maxDomains", "maxManagers", "maxServers", "updatedAt", ...reason],
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
    fields: ["resellerId", "grommunioOrgId", "qboxmailCustomerCode", "qboxmailOutboundLimitId", "updatedAt", ...reason],
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

type Outcome = { ok: true } | { ok: false; fieldErrors: Record<string, string[] | undefined>; formError?: string };

/** The entry as its action runs it: the schema, then the lib/ call; a refusal as the form shows it. */
async function act(e: Entry, input: Record<string, unknown>): Promise<Outcome> {
  const parsed = e.schema.safeParse(input);
  if (!parsed.success) {
    const result = invalid(parsed.error);
    if (result.ok) throw new Error("invalid() answered ok");
    return result;
  }
  try {
    await e.run(parsed.data as never);
    return { ok: true };
  } catch (err) {
    const result = failure(err, e.known);
    if (result.ok) throw new Error("failure() answered ok");
    expect(result.formError, String((err as Error)?.message)).not.toContain(GENERIC);
    return result;
  }
}

describe("hostile input against the consoles' server actions", () => {
  for (const [name, e] of Object.entries(entries)) {
    it(`${name}: a message per field, never the generic failure, no audit row from a refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(hostile(e.fields), async (input) => {
          const before = await auditBy(e.actor().id);
          const result = await act(e, input);
          if (result.ok) return;
          const keys = Object.keys(result.fieldErrors);
          expect(keys.length > 0 || !!result.formError, "a refusal says what to fix").toBe(true);
          for (const k of keys) expect(e.fields, `error on unknown field ${k}`).toContain(k);
          expect(await auditBy(e.actor().id)).toBe(before);
        }),
        { numRuns: 30 },
      );
    }, 120_000);
  }

  // Wholly hostile input rarely passes a schema, so the lib/ calls above mostly see nothing. From
  // a valid input with one or two fields spoiled (hostileEdits), the call runs: an unchanged input
  // is done and audited, and a refusal names a changed field (or is a known refusal of the form).
  let shared = 0;
  // A server id not yet shared with the reseller: a hostile edit of an earlier run (a serverId of
  // "18", say) may have shared one the counter has not reached, and a valid input must be one.
  const nextUnshared = async () => {
    const taken = new Set(
      (
        await db().sharedGrommunioServer.findMany({ where: { resellerId: t.reseller.id }, select: { serverId: true } })
      ).map((s) => s.serverId),
    );
    while (taken.has(++shared));
    return shared;
  };
  const STRONG = "Quiet-Harbour-Lantern-47";
  // The reseller's version as the admin page would send it now (a save from an older page is refused).
  const shownAt = async () =>
    (await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).updatedAt.toISOString();
  const validInputs: Record<string, () => Record<string, unknown> | Promise<Record<string, unknown>>> = {
    "admin: reseller limits": async () => ({
      resellerId: t.reseller.id,
      updatedAt: await shownAt(),
      maxDomains: "50",
      maxManagers: "20",
      maxServers: "5",
      reason: "Contract renewed",
    }),
    "admin: create user": () => ({
      email: `made-${randomUUID().slice(0, 8)}@example.test`,
      name: "Made Person",
      role: "support",
      resellerId: "",
      password: STRONG,
      reason: "New colleague",
    }),
    "admin: reset password": () => ({ userId: support.id, password: STRONG, reason: "Forgot it" }),
    "admin: reseller upstream identifiers": async () => ({
      resellerId: t.reseller.id,
      updatedAt: await shownAt(),
      grommunioOrgId: "",
      qboxmailCustomerCode: "",
      qboxmailOutboundLimitId: "",
      reason: "Clean slate",
    }),
    "admin: share a server": async () => ({
      resellerId: t.reseller.id,
      serverId: String(await nextUnshared()),
      label: "mx.example.com",
      reason: "Shared host",
    }),
  };
  for (const [name, valid] of Object.entries(validInputs)) {
    const e = entries[name]!;
    it(`${name}: a valid input with a few hostile fields is done, or refused on those fields`, async () => {
      const tally = { done: 0, refused: 0 };
      const runs = countedRuns(40);
      await fc.assert(
        fc.asyncProperty(hostileEdits(e.fields), async (edits) => {
          const before = await auditBy(e.actor().id);
          const result = await act(e, applyEdits(await valid(), edits));
          const after = await auditBy(e.actor().id);
          if (result.ok) {
            tally.done++;
            expect(after, "what is done is audited").toBe(before + 1);
            return;
          }
          tally.refused++;
          expect(Object.keys(edits.changed).length, JSON.stringify(result)).toBeGreaterThan(0);
          for (const k of Object.keys(result.fieldErrors)) expect(explainedBy(edits.changed, k), k).toBe(true);
          expect(after).toBe(before);
        }),
        runs,
      );
      expect(tally.done, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(4);
      expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(4);
    }, 120_000);
  }

  it("API tokens and webhook endpoints: refusals name their fields and never throw", async () => {
    const person = { ...t.user, resellerId: t.reseller.id };
    await fc.assert(
      fc.asyncProperty(
        hostile(["name", "scopes", "expiresOn", "currentPassword"]),
        hostile(["url", "events", "description"]),
        async (token, hook) => {
          const a = await createApiTokenWithPassword(person, token);
          if (!a.ok) expect(Object.keys(a.fieldErrors).length).toBeGreaterThan(0);
          const b = await createWebhookEndpoint(person, hook);
          if (!b.ok) expect(Object.keys(b.fieldErrors).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("API tokens and webhook endpoints: a valid form with a few hostile fields is created, or refused on those fields", async () => {
    const person = { ...t.user, resellerId: t.reseller.id };
    // Creating a token asks for the person's password, and wrong answers are counted per person
    // (lib/auth/self-check.ts): each run creates as a user of its own, so the wrong passwords of
    // earlier runs do not refuse the right one of a later run.
    const PW = "Quarry-Meadow-58";
    const passwordHash = await hashPassword(PW);
    const tokenMaker = async () => ({
      ...(await makeUser("reseller", t.reseller.id, passwordHash)),
      resellerId: t.reseller.id,
    });
    const tally = { created: 0, refused: 0 };
    const runs = countedRuns(40);
    const forms = {
      token: {
        fields: ["name", "scopes", "expiresOn", "currentPassword"],
        valid: { name: "Billing sync", scopes: ["orders:read"], expiresOn: "", currentPassword: PW },
      },
      hook: {
        fields: ["url", "events", "description"],
        valid: { url: "http://127.0.0.1:9/hook", events: ["order.succeeded"], description: "Billing" },
      },
    };
    await fc.assert(
      fc.asyncProperty(
        hostileEdits(forms.token.fields),
        hostileEdits(forms.hook.fields),
        async (tokenEdits, hookEdits) => {
          const runs = [
            [
              tokenEdits,
              await createApiTokenWithPassword(await tokenMaker(), applyEdits(forms.token.valid, tokenEdits)),
            ],
            [hookEdits, await createWebhookEndpoint(person, applyEdits(forms.hook.valid, hookEdits))],
          ] as const;
          for (const [edits, r] of runs) {
            tally[r.ok ? "created" : "refused"]++;
            if (r.ok) continue;
            expect(Object.keys(edits.changed).length, JSON.stringify(r)).toBeGreaterThan(0);
            expect(Object.keys(r.fieldErrors).length).toBeGreaterThan(0);
            for (const k of Object.keys(r.fieldErrors)) expect(explainedBy(edits.changed, k), k).toBe(true);
          }
        },
      ),
      runs,
    );
    expect(tally.created, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it("service changes: a valid change with a few hostile fields is placed, or refused on those fields", async () => {
    const person = { ...t.user, resellerId: t.reseller.id };
    const PW = "Harbour-Lantern-47";
    const changes = {
      grommunio_domain: {
        valid: { maxUser: "25", title: "Org" },
        fields: ["maxUser", "title", "address", "adminName", "tel", "endDay", "syncPolicy"],
      },
      grommunio_server: { valid: { extname: "mail.example.net" }, fields: ["hostname", "extname"] },
      qboxmail_domain: {
        valid: {
          max_email_accounts: "10",
          activesync: "true",
          postmaster_password: PW,
          postmaster_password_confirmation: PW,
        },
        fields: [
          "postmaster_password",
          "postmaster_password_confirmation",
          "allow_nets",
          "max_email_accounts",
          "antispam_level",
          "catch_all_destination",
        ],
      },
      qboxmail_manager: {
        valid: { max_domains: "5" },
        fields: ["max_domains", "domain_codes", "password", "password_confirmation", "max_email_quota"],
      },
    };
    type Kind = keyof typeof changes;
    const tally = { placed: 0, refused: 0 };
    const runs = countedRuns(200);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...(Object.keys(changes) as Kind[]))
          .chain((kind) => hostileEdits(changes[kind].fields).map((edits) => ({ kind, edits }))),
        async ({ kind, edits }) => {
          // A service of its own each run: a service takes one open change at a time.
          const service = await makeService({ tenant: t, kind });
          const r = await placeChange(person, {
            serviceId: service.id,
            action: "change",
            idempotencyKey: `chg-${randomUUID()}`,
            form: applyEdits(changes[kind].valid, edits),
          });
          if (r.ok) {
            tally.placed++;
            const { payload } = await db().order.findUniqueOrThrow({ where: { id: r.orderId } });
            const set = (payload as { set: Record<string, unknown> }).set;
            for (const key of Object.keys(set))
              expect(changes[kind].fields.concat(Object.keys(changes[kind].valid)), key).toContain(key);
            expect(JSON.stringify(payload)).not.toContain(PW);
            return;
          }
          tally.refused++;
          expect(Object.keys(edits.changed).length, JSON.stringify(r)).toBeGreaterThan(0);
          for (const k of Object.keys(r.fieldErrors)) expect(explainedBy(edits.changed, k), k).toBe(true);
          expect(await db().order.count({ where: { serviceId: service.id } })).toBe(0);
        },
      ),
      runs,
    );
    expect(tally.placed, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
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
          expect(typeof (await enableWebhookEndpoint(person, g.id)).ok).toBe("boolean");
          expect((await rotateWebhookSecret(person, g.id)).ok).toBe(false);
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

// Hostile input against the support console's drift and bulk-retry actions, the account
// actions (second-factor enrolment, recovery codes, turning it off, signing out a session) and
// the sign-in behind next-auth's route (docs/security.md "Hostile input"). Each runs as its
// action or handler runs it (all but the session and revalidation, which need Next): the same
// parsing, then the one lib/ call. Bars: nothing throws what the action would show as the
// generic failure, every refusal says what to fix, and a refusal writes no row.
import { randomInt, randomUUID } from "node:crypto";
import fc from "fast-check";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import type { Viewer } from "@/lib/auth/session";
import { revokeSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { closeLoginLimiter } from "@/lib/auth/throttle";
import {
  beginEnrolment,
  confirmEnrolment,
  disableOwnTwoFactor,
  regenerateRecoveryCodes,
  TwoFactorError,
} from "@/lib/auth/two-factor";
import { db, disconnectDb } from "@/lib/db";
import { failure, invalid } from "@/lib/forms/action";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { parseOrderForm } from "@/lib/orders/schemas";
import { adoptFinding, dismissFinding, markGone } from "@/lib/services/drift-actions";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { placePurge } from "@/lib/services/place-purge";
import { bulkRetrySchema, parseBulkItems } from "@/lib/support/action-schemas";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { SupportActionError } from "@/lib/support/order-actions";
import { makeOrder, makeService, makeTenant, makeUser, type Tenant, type TestUser } from "../factories";
import { identitySeenOf, seenOf } from "../support/finding-seen";
import {
  applyEdits,
  countedRuns,
  explainedBy,
  hostileEdits,
  hostileScalar,
  hostileText,
} from "../support/hostile/arbitraries";
import { forms, quiesceOrders } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const GENERIC = "Something went wrong";
let t: Tenant;
let support: Viewer;
const auditBy = (actorId: string) => db().auditEvent.count({ where: { actorId } });

beforeAll(async () => {
  t = await makeTenant();
  support = await makeUser("support");
});
afterAll(async () => {
  // No open finding of this file may reach another file's drift checks.
  await db().driftFinding.updateMany({
    where: { upstreamRef: { startsWith: `HOSTILE-${t.tag}` }, resolvedAt: null },
    data: { resolvedAt: new Date(), resolution: "cleared" },
  });
  await quiesceOrders();
  await closeProducer();
  await closeLoginLimiter();
  await disconnectDb();
});

/**
 * An open finding of each type the console acts on, fresh for every generated run; with
 * `withCreateOrder` the missing one's service has the succeeded order that created it, with a
 * valid stored payload, so that support may re-create it.
 */
async function openFindings({ withCreateOrder = false } = {}) {
  const ref = `HOSTILE-${t.tag}-${randomUUID().slice(0, 8)}`;
  const name = `${ref.toLowerCase()}-m.example.com`;
  const parsed = parseOrderForm("qboxmail_domain", { ...forms.qboxmail_domain(name), company: "Hostile srl" });
  if (!parsed.ok) throw new Error("the base form must be valid");
  const created = withCreateOrder
    ? await makeOrder({ tenant: t, status: "succeeded", action: "create", naturalKey: name, payload: parsed.payload })
    : undefined;
  const service = await db().service.create({
    data: {
      createOrderId: created?.id,
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      upstreamRef: `${ref}-M`,
      naturalKey: name,
      displayName: name,
    },
  });
  const base = { provider: "qboxmail" as const, kind: "qboxmail_domain" as const };
  // Adopting reads the resource again, so the unowned one exists at the simulator.
  const unownedName = `${ref.toLowerCase()}-u.example.com`;
  const atProvider = await qboxClient().createDomain({
    name: unownedName,
    postmaster_password: "Pw-12345678",
    postmaster_password_confirmation: "Pw-12345678",
  });
  if (atProvider.kind !== "success") throw new Error(`setup: ${atProvider.kind}`);
  const unowned = await db().driftFinding.create({
    data: { ...base, type: "unowned", upstreamRef: atProvider.ref, naturalKey: unownedName },
  });
  const missing = await db().driftFinding.create({
    data: {
      ...base,
      type: "missing",
      upstreamRef: `${ref}-M`,
      naturalKey: service.naturalKey,
      serviceId: service.id,
      resellerId: t.reseller.id,
    },
  });
  return { unowned: unowned.id, missing: missing.id, serviceId: service.id };
}

describe("hostile input against the support console's drift and bulk actions", () => {
  it("drift adopt / mark gone / re-create / dismiss: a message for every answer, no row from a refusal", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          finding: fc.oneof(fc.constantFrom("unowned", "missing"), hostileText([t.customer.id, t.reseller.id])),
          what: fc.oneof(fc.constantFrom("adopt", "gone", "recreate", "dismiss"), hostileText()),
          customerId: hostileText([t.customer.id, t.reseller.id, support.id]),
          reason: hostileText(["checked by hand"]),
        }),
        async (g) => {
          const found = await openFindings();
          const findingId = g.finding === "unowned" || g.finding === "missing" ? found[g.finding] : g.finding;
          const before = { audit: await auditBy(support.id), services: await db().service.count() };
          // What driftAction (app/support/drift/actions.ts) does with the form.
          const r =
            g.what === "adopt"
              ? await adoptFinding(
                  support,
                  findingId,
                  g.customerId,
                  g.reason,
                  findingId === g.finding ? String(g.finding) : await identitySeenOf(support, findingId),
                )
              : g.what === "gone"
                ? await markGone(support, findingId, g.reason)
                : g.what === "recreate"
                  ? await recreateFinding(support, findingId, g.reason)
                  : await dismissFinding(
                      support,
                      findingId,
                      g.reason,
                      findingId === g.finding ? String(g.finding) : await seenOf(findingId),
                    );
          expect(r.message.length, "every answer says what happened or what to fix").toBeGreaterThan(0);
          if (!r.ok) {
            expect(await auditBy(support.id)).toBe(before.audit);
            expect(await db().service.count()).toBe(before.services);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  it("drift adopt and dismiss: a valid form with a few hostile fields is done and audited, or refused with words", async () => {
    const tally = { done: 0, refused: 0 };
    const runs = countedRuns(60);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("adopt", "dismiss"),
        hostileEdits(["findingId", "customerId", "reason", "seen", "seenIdentity"]),
        async (what, edits) => {
          const found = await openFindings();
          const valid = {
            findingId: found.unowned,
            customerId: t.customer.id,
            reason: "checked by hand",
            seen: await seenOf(found.unowned),
            seenIdentity: await identitySeenOf(support, found.unowned),
          };
          const g = applyEdits(valid, edits);
          const before = { audit: await auditBy(support.id), services: await db().service.count() };
          // As driftAction (app/support/drift/actions.ts) reads the form: each field as text.
          const text = (v: unknown) => String(v ?? "");
          const r =
            what === "adopt"
              ? await adoptFinding(support, text(g.findingId), text(g.customerId), text(g.reason), text(g.seenIdentity))
              : await dismissFinding(support, text(g.findingId), text(g.reason), text(g.seen));
          expect(r.message.length, "every answer says what happened or what to fix").toBeGreaterThan(0);
          if (r.ok) {
            tally.done++;
            expect(await auditBy(support.id)).toBe(before.audit + 1);
            return;
          }
          tally.refused++;
          expect(Object.keys(edits.changed).length, r.message).toBeGreaterThan(0);
          expect(await auditBy(support.id)).toBe(before.audit);
          expect(await db().service.count()).toBe(before.services);
        },
      ),
      runs,
    );
    expect(tally.done, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
  }, 180_000);

  it("drift mark gone and re-create: a valid form with a few hostile fields is done and audited, or refused with words", async () => {
    const tally = { done: 0, refused: 0 };
    const runs = countedRuns(40);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("gone", "recreate"), hostileEdits(["findingId"]), async (what, edits) => {
        const found = await openFindings({ withCreateOrder: true });
        const g = applyEdits({ findingId: found.missing }, edits);
        const before = {
          audit: await auditBy(support.id),
          services: await db().service.count(),
          orders: await db().order.count({ where: { resellerId: t.reseller.id } }),
        };
        // As driftAction (app/support/drift/actions.ts) reads the form: the id as text.
        const findingId = String(g.findingId ?? "");
        const reason = "checked by hand";
        const r =
          what === "gone"
            ? await markGone(support, findingId, reason)
            : await recreateFinding(support, findingId, reason);
        expect(r.message.length, "every answer says what happened or what to fix").toBeGreaterThan(0);
        if (r.ok) {
          tally.done++;
          // Marking gone is one event; a re-create two: the new order's "placed" and the re-create.
          expect(await auditBy(support.id)).toBe(before.audit + (what === "recreate" ? 2 : 1));
          expect(await db().service.findUniqueOrThrow({ where: { id: found.serviceId } })).toMatchObject({
            status: "gone",
          });
          // A re-create places one new order for the same name; marking gone places none.
          const orders = await db().order.count({ where: { resellerId: t.reseller.id } });
          expect(orders).toBe(before.orders + (what === "recreate" ? 1 : 0));
          return;
        }
        tally.refused++;
        expect("findingId" in edits.changed, r.message).toBe(true);
        expect(await auditBy(support.id)).toBe(before.audit);
        expect(await db().service.count()).toBe(before.services);
        expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(before.orders);
      }),
      runs,
    );
    expect(tally.done, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
  }, 180_000);

  it("admin purge: refusals say what to fix, and place nothing", async () => {
    const admin = await makeUser("admin");
    const domain = await db().service.create({
      data: {
        resellerId: t.reseller.id,
        customerId: t.customer.id,
        kind: "grommunio_domain",
        provider: "grommunio",
        upstreamRef: `HOSTILE-${t.tag}-G`,
        naturalKey: `hostile-${t.tag}-g.example.com`,
        displayName: `hostile-${t.tag}-g.example.com`,
      },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          serviceId: hostileText([domain.id, t.customer.id, support.id]),
          idempotencyKey: hostileText([`purge-${randomUUID()}`]),
          confirmName: hostileText([domain.naturalKey.toUpperCase(), "x"]),
          reason: hostileText(["customer left", "x"]),
        }),
        async (g) => {
          const before = await db().order.count({ where: { resellerId: t.reseller.id } });
          // What purgeServiceAction (app/support/services/actions.ts) does with the form.
          const r = await placePurge(admin, g);
          if (r.ok) return;
          expect(r.formError ?? Object.values(r.fieldErrors).flat()[0], "a refusal says what to fix").toBeTruthy();
          expect(r.formError ?? "").not.toContain(GENERIC);
          expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  it("admin purge: a valid purge with a few hostile fields is placed, or refused on those fields", async () => {
    const admin = await makeUser("admin");
    const tally = { placed: 0, refused: 0 };
    const runs = countedRuns(60);
    await fc.assert(
      fc.asyncProperty(hostileEdits(["serviceId", "idempotencyKey", "confirmName", "reason"]), async (edits) => {
        // A domain of its own each run: a purged or purging one is refused for that reason.
        const domain = await makeService({
          tenant: t,
          kind: "grommunio_domain",
          upstreamRef: String(randomInt(1, 1e9)),
        });
        const valid = {
          serviceId: domain.id,
          idempotencyKey: `purge-${randomUUID()}`,
          confirmName: domain.naturalKey,
          reason: "customer left",
        };
        const r = await placePurge(admin, applyEdits(valid, edits) as typeof valid);
        const placed = await db().order.count({ where: { serviceId: domain.id } });
        if (r.ok) {
          tally.placed++;
          expect(placed).toBe(1);
          return;
        }
        tally.refused++;
        expect(Object.keys(edits.changed).length, JSON.stringify(r)).toBeGreaterThan(0);
        for (const k of Object.keys(r.fieldErrors)) expect(explainedBy(edits.changed, k), k).toBe(true);
        expect(r.formError ?? Object.values(r.fieldErrors).flat()[0], "a refusal says what to fix").toBeTruthy();
        expect(placed).toBe(0);
      }),
      runs,
    );
    expect(tally.placed, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(5);
    // Nothing upstream holds them: ended, so no other file's sweep reads them.
    await db().service.updateMany({
      where: { resellerId: t.reseller.id, kind: "grommunio_domain" },
      data: { status: "deleted" },
    });
  }, 180_000);

  it("bulk retry: refusals name a field, nothing ends in the generic failure", async () => {
    const tally = { retried: 0, refused: 0 };
    const runs = countedRuns(40);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Valid lists too (a failed order, and one beside a queued one): else almost every list
          // holds one hostile item and the schema refuses it before any retry.
          items: fc.oneof(
            fc.constantFrom(["failed"], ["failed", "queued"], ["FAILED"]),
            fc.array(
              fc.oneof(
                fc.constantFrom("failed", "FAILED", "queued", "stale", "------------------------------------:0"),
                hostileText(),
              ),
              { maxLength: 4 },
            ),
            hostileScalar(),
          ),
          // A valid reason half the time: else almost no run gets past the schema to a retry.
          reason: fc.oneof(fc.constant("retry after the upstream fix"), hostileScalar()),
          reasonVisible: hostileScalar(),
        }),
        async (g) => {
          const failed = await makeOrder({ tenant: t, status: "failed" });
          const queued = await makeOrder({ tenant: t, status: "queued" });
          const item = (s: unknown) =>
            s === "failed"
              ? `${failed.id}:${failed.version}`
              : s === "FAILED"
                ? `${failed.id.toUpperCase()}:${failed.version}`
                : s === "queued"
                  ? `${queued.id}:${queued.version}`
                  : s === "stale"
                    ? `${failed.id}:99999999999999999999`
                    : s;
          // What bulkRetryAction (app/support/orders/actions.ts) builds from the form.
          const input = {
            items: Array.isArray(g.items) ? g.items.map(item).map(String) : g.items,
            reason: g.reason,
            reasonVisible: g.reasonVisible,
          };
          const before = await auditBy(support.id);
          const parsed = bulkRetrySchema.safeParse(input);
          if (!parsed.success) {
            tally.refused++;
            const result = invalid(parsed.error);
            if (result.ok) throw new Error("invalid() answered ok");
            const keys = Object.keys(result.fieldErrors);
            expect(keys.length > 0 || !!result.formError, "a refusal says what to fix").toBe(true);
            for (const k of keys) expect(["items", "reason", "reasonVisible"]).toContain(k);
            expect(await auditBy(support.id)).toBe(before);
            return;
          }
          try {
            const done = await bulkRetry(support, {
              items: parseBulkItems(parsed.data.items),
              reason: parsed.data.reason,
              reasonVisible: parsed.data.reasonVisible,
            });
            for (const s of done.skipped) expect(s.why.length).toBeGreaterThan(0);
            expect(await auditBy(support.id)).toBe(before + done.retried.length);
            if (done.retried.length > 0) tally.retried++;
          } catch (err) {
            const result = failure(err, [SupportActionError]);
            if (result.ok) throw new Error("failure() answered ok");
            expect(result.formError, String((err as Error)?.message)).not.toContain(GENERIC);
          }
        },
      ),
      runs,
    );
    // Both sides ran: some forms retried a failed order, some were refused by the schema.
    expect(tally.retried, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(3);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(3);
  }, 180_000);
});

// The account actions' own code check (app/account/actions.ts), then the lib/ call.
const codeSchema = z.string().trim().min(1).max(20);
async function accountAction(code: string, run: (code: string) => Promise<unknown>) {
  const parsed = codeSchema.safeParse(code);
  if (!parsed.success) return "refused";
  try {
    await run(parsed.data);
    return "done";
  } catch (err) {
    if (err instanceof TwoFactorError) {
      expect(err.message.length).toBeGreaterThan(0);
      return "refused";
    }
    throw err;
  }
}

describe("hostile input against the account actions and the sign-in", () => {
  const PASSWORD = "hostile-input-password-1";
  let pending: TestUser;
  let enrolled: TestUser;

  beforeAll(async () => {
    pending = await makeUser("reseller", t.reseller.id, await hashPassword(PASSWORD));
    await beginEnrolment(pending);
    enrolled = await makeUser("reseller", t.reseller.id, await hashPassword(PASSWORD));
    const { secret } = await beginEnrolment(enrolled);
    await confirmEnrolment(
      { ...enrolled, sessionId: null },
      { code: await generate({ secret }), currentPassword: PASSWORD },
    );
  });

  it("second factor: enrolment, new recovery codes and turning it off refuse every generated code", async () => {
    // A generated string is never the current code (6 digits, 3 accepted of a million).
    const code = fc.oneof(hostileText(), fc.stringMatching(/^\d{6}$/), fc.constantFrom(" 123 456 ", "0".repeat(20)));
    await fc.assert(
      fc.asyncProperty(code, code, code, async (a, b, c) => {
        const before = { pending: await auditBy(pending.id), enrolled: await auditBy(enrolled.id) };
        // With the right password: the code alone must refuse.
        expect(
          await accountAction(a, (x) =>
            confirmEnrolment({ ...pending, sessionId: null }, { code: x, currentPassword: PASSWORD }),
          ),
        ).toBe("refused");
        expect(await accountAction(b, (x) => regenerateRecoveryCodes(enrolled, x))).toBe("refused");
        expect(await accountAction(c, (x) => disableOwnTwoFactor(enrolled, x))).toBe("refused");
        expect(await auditBy(pending.id)).toBe(before.pending);
        expect(await auditBy(enrolled.id)).toBe(before.enrolled);
        const rows = await db().user.findUniqueOrThrow({ where: { id: enrolled.id } });
        expect(rows.totpEnabledAt).not.toBeNull();
        expect(await db().recoveryCode.count({ where: { userId: enrolled.id, usedAt: null } })).toBe(10);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("signing out one session: a generated id never ends a session, not even another user's", async () => {
    const other = await db().userSession.create({ data: { userId: pending.id, userAgent: "x", ip: "198.51.100.1" } });
    await fc.assert(
      fc.asyncProperty(hostileText([other.id, other.id.toUpperCase(), pending.id]), async (id) => {
        // What signOutSessionAction does: a UUID first, then the user's own sessions only.
        const sessionId = z.uuid().safeParse(id);
        if (sessionId.success) expect(await revokeSession(enrolled.id, sessionId.data)).toBe(false);
        expect((await db().userSession.findUniqueOrThrow({ where: { id: other.id } })).revokedAt).toBeNull();
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("sign-in (next-auth's route): generated credentials and headers are refused, never crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: hostileText([enrolled.email, pending.email.toUpperCase(), `${enrolled.email}\u0000`]),
          password: hostileText([PASSWORD]),
          code: hostileText(),
          userAgent: hostileText(),
        }),
        async (g) => {
          const sessions = await db().userSession.count({ where: { userId: { in: [enrolled.id, pending.id] } } });
          // A fresh address per run: the point here is input, not the throttle.
          const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
          const r = await signInWithPassword({ ...g, ip });
          if (g.password === PASSWORD && g.email === pending.email.toUpperCase()) return; // a real sign-in
          expect(r.ok).toBe(false);
          expect(await db().userSession.count({ where: { userId: { in: [enrolled.id, pending.id] } } })).toBe(sessions);
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);
});

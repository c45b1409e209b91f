// A Qboxmail domain's postmaster password and a manager's password are changed after the order
// (docs/lifecycle.md "Changes are orders"): the new password reaches Qboxmail's update (checked
// with the simulator, which says whether a password now opens the account), is sealed on the
// order and gone once it succeeded, and appears in no order payload, attempt or audit event.
// After a lost answer it is sent again: a password cannot be read back, and setting the same one
// twice is harmless.

import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seal } from "@/lib/crypto/seal";
import { db } from "@/lib/db";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { changeRequestFromForm } from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { makeOrder } from "../factories";
import { fault, fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({
  limits: { maxDomains: 8 },
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});

const ORIGINAL = "Original-Pw-4821";

/** Whether `password` opens the postmaster of domain `code` (or manager `code`) at the simulator now. */
async function opens(code: string, password: string): Promise<boolean> {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/password-check`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, password }),
  });
  return ((await r.json()) as { matches: boolean }).matches;
}

async function updatesOf(code: string): Promise<number> {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/ledger`);
  const l = (await r.json()) as { changed: { ref: string; op: string }[] };
  return l.changed.filter((c) => c.ref === code && c.op === "update").length;
}

/** Everything the portal keeps about an order, as text: the password must be in none of it. */
async function keptAbout(orderId: string): Promise<string> {
  const [order, attempts, audit] = await Promise.all([
    db().order.findUniqueOrThrow({ where: { id: orderId } }),
    db().attempt.findMany({ where: { orderId } }),
    db().auditEvent.findMany({ where: { orderId } }),
  ]);
  return JSON.stringify({ order, attempts, audit }, (_k, v) => (typeof v === "bigint" ? String(v) : v));
}

/** The service page's password form, as the browser posts it. */
function passwordForm(fields: Record<string, string>): FormData {
  const fd = new FormData();
  fd.set("idempotencyKey", `pw-${randomUUID()}`);
  fd.set("shownSettings", JSON.stringify(Object.fromEntries(Object.keys(fields).map((k) => [k, ""]))));
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

describe("changing a Qboxmail password after the order", () => {
  it("fails a change whose password no key opens with words that say to place it again, not to resubmit it", async () => {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`qs${uniq()}.example.com`, ORIGINAL)))
      .service;
    // Sealed with a key the portal no longer has (a rotation without SECRETS_KEY_PREVIOUS).
    const order = await makeOrder({
      tenant: t,
      action: "change",
      serviceId: s.id,
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
      payload: { set: {}, password: true },
    });
    const lost = seal({ postmaster_password: "Lost-Key-Pw-4821" }, order.id, randomBytes(32));
    await db().order.update({ where: { id: order.id }, data: { sealedSecret: new Uint8Array(lost) } });
    await enqueueOrder({ id: order.id, provider: "qboxmail", version: 0 });
    const done = await waitForOrder(order.id, isFinal, 40_000);
    expect(done).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/Place the password change again/),
    });
    expect(done.lastError).not.toMatch(/resubmit/);
    expect(await opens(s.upstreamRef!, ORIGINAL)).toBe(true);
  });

  it("answers a repeat of the form with its order only while it carries the same password", async () => {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`qr${uniq()}.example.com`, ORIGINAL)))
      .service;
    const code = s.upstreamRef!;
    // The update is slow, so the first order still holds its sealed password when the repeats come.
    await fault("qboxmail", { method: "PUT", path: `/api/domains/${code}`, count: 1, action: "delay", ms: 3000 });
    const first = `First-${uniq()}-pw9`;
    const other = `Other-${uniq()}-pw9`;
    const form = (password: string, key: string) => {
      const fd = passwordForm({ postmaster_password: password, postmaster_password_confirmation: password });
      fd.set("idempotencyKey", key);
      return changeRequestFromForm(s.id, "change", fd);
    };
    const key = `pw-${randomUUID()}`;
    const placed = await placeChange(t.user, form(first, key));
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    // Typed again differently after a lost answer: not that order, whose password is the first.
    const retyped = await placeChange(t.user, form(other, key));
    expect(retyped).toMatchObject({ ok: false, refusal: "keyUsedForAnother", keyHolder: placed.orderId });
    expect(await placeChange(t.user, form(first, key))).toMatchObject({
      ok: true,
      orderId: placed.orderId,
      duplicate: true,
    });
    expect((await waitForOrder(placed.orderId, isFinal, 40_000)).status).toBe("succeeded");
    expect(await opens(code, first)).toBe(true);
  });

  it("sets a domain's postmaster password from the service page's form, again after a lost answer, and keeps it nowhere", async () => {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`qp${uniq()}.example.com`, ORIGINAL)))
      .service;
    const code = s.upstreamRef!;
    expect(await opens(code, ORIGINAL)).toBe(true);
    const fresh = `Fresh-${uniq()}-pw9`;
    const before = await updatesOf(code);

    // Qboxmail applies the update but the answer is lost: read back (which cannot see a password),
    // then sent again.
    await fault("qboxmail", { method: "PUT", path: `/api/domains/${code}`, count: 1, action: "drop-after-commit" });
    const form = passwordForm({ postmaster_password: fresh, postmaster_password_confirmation: fresh });
    const placed = await placeChange(t.user, changeRequestFromForm(s.id, "change", form));
    if (!placed.ok) throw new Error(JSON.stringify(placed));

    const stored = await db().order.findUniqueOrThrow({ where: { id: placed.orderId } });
    expect(stored.payload).toEqual({ set: {}, password: true });
    expect(stored.sealedSecret).not.toBeNull();

    const done = await waitForOrder(placed.orderId, isFinal, 40_000);
    expect(done.status).toBe("succeeded");
    expect(await opens(code, fresh)).toBe(true);
    expect(await opens(code, ORIGINAL)).toBe(false);
    expect(await updatesOf(code)).toBe(before + 2);
    const attempts = await db().attempt.findMany({ where: { orderId: done.id }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => a.kind)).toEqual(["change", "lookup", "change"]);

    expect(done.sealedSecret).toBeNull();
    const kept = await keptAbout(done.id);
    expect(kept).not.toContain(fresh);
    // The history says that a password was set, without it.
    const placedEvent = await db().auditEvent.findFirstOrThrow({ where: { orderId: done.id, action: "order.placed" } });
    expect(placedEvent.after).toMatchObject({ action: "change", password: true });
  });

  it("sets a manager's password together with a limit (the reseller API's field names)", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager(undefined, ORIGINAL))).service;
    const code = s.upstreamRef!;
    const fresh = `Mgr-${uniq()}-pw7`;
    const placed = await placeChange(t.user, {
      serviceId: s.id,
      action: "change",
      idempotencyKey: `pw-${randomUUID()}`,
      form: { max_domains: 7, password: fresh, password_confirmation: fresh },
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const done = await waitForOrder(placed.orderId, isFinal, 40_000);
    expect(done.status).toBe("succeeded");
    expect(await opens(code, fresh)).toBe(true);
    // The limit went with the password, not only the password.
    const manager = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/managers/${code}`, {
      headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
    });
    expect((await manager.json()).resources[0]).toMatchObject({ max_domains: 7 });
    expect(done.payload).toEqual({ set: { max_domains: 7 }, password: true });
    expect(done.sealedSecret).toBeNull();
    expect(await keptAbout(done.id)).not.toContain(fresh);
  });

  it("refuses a password pair that is weak, mistyped or half given, saying what to fix and echoing nothing", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager(undefined, ORIGINAL))).service;
    const attempt = (form: Record<string, string>) =>
      placeChange(t.user, { serviceId: s.id, action: "change", idempotencyKey: `pw-${randomUUID()}`, form });

    const weak = await attempt({ password: "abcdefgh", password_confirmation: "abcdefgh" });
    expect(weak).toMatchObject({ ok: false, fieldErrors: { password: [expect.stringMatching(/letter and a digit/)] } });
    const mistyped = await attempt({ password: "Secret-Pw-5551", password_confirmation: "Secret-Pw-5552" });
    expect(mistyped).toMatchObject({
      ok: false,
      fieldErrors: { password_confirmation: [expect.stringMatching(/differ/)] },
    });
    expect(JSON.stringify(mistyped)).not.toContain("Secret-Pw-555");
    const half = await attempt({ password: "Secret-Pw-5551" });
    expect(half).toMatchObject({ ok: false, fieldErrors: { password_confirmation: [expect.stringMatching(/again/)] } });
    const otherHalf = await attempt({ password_confirmation: "Secret-Pw-5551" });
    expect(otherHalf).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });

    expect(await db().order.count({ where: { serviceId: s.id, action: "change" } })).toBe(0);
    expect(await opens(s.upstreamRef!, ORIGINAL)).toBe(true);
  });
});

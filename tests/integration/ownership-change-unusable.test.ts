// A change order whose stored data can no longer be used (a rule added since it was placed, a
// sealed password that cannot be opened) after its answer was lost: it is not failed blind, nor
// sent again. Read back and compared as stored: applied → succeeded; not applied → failed, as
// without the lost answer; a password (never readable) → held for a person (docs/reliability.md
// "Retry cap").
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { grommunioApi } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, uniq } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const qboxSim = (path: string, body: unknown) =>
  fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const t = fileTenant();
const ctx = inProcessContext({ maxAttempts: 4 });
const outcomes = async (id: string) => (await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`);

/** A grommunio domain's title change whose PATCH committed and answered 500: maybe applied. */
async function lostTitleChange() {
  const created = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain(`u${uniq()}.example.com`));
  await runNow(created, ctx);
  const service = await db().service.findFirstOrThrow({ where: { createOrderId: created } });
  const placed = await placeChange(t.user, {
    serviceId: service.id,
    action: "change",
    idempotencyKey: `u-${randomUUID()}`,
    form: { title: "Studio Rossi" },
  });
  if (!placed.ok) throw new Error(JSON.stringify(placed));
  const path = `/system/domains/${service.upstreamRef}`;
  await fault("grommunio", { method: "PATCH", path, count: 1, action: "status-after-commit", status: 500 });
  await runNow(placed.orderId, ctx);
  expect(await orderRow(placed.orderId)).toMatchObject({ status: "unknown", createSent: true });
  return { orderId: placed.orderId, path };
}

/** As an order stored before a rule it now breaks: a control character in the title. */
const breakStoredTitle = (orderId: string, title: string) =>
  db().order.update({ where: { id: orderId }, data: { payload: { set: { title } } } });

describe("a change that may have applied and can no longer be used as stored", () => {
  it("reads as applied at the provider: succeeded, nothing sent again", async () => {
    const { orderId, path } = await lostTitleChange();
    const stored = "Studio\u0007Rossi";
    await breakStoredTitle(orderId, stored);
    // Someone set that very value at the provider meanwhile: the change reads back as applied.
    expect((await grommunioApi("PATCH", path, { title: stored })).status).toBeLessThan(300);
    await runNow(orderId, ctx);
    expect(await orderRow(orderId)).toMatchObject({ status: "succeeded" });
    expect(await outcomes(orderId)).toEqual(["change:unknown", "lookup:found"]);
  });

  it("reads as not applied: failed as it would have been, nothing sent", async () => {
    const { orderId } = await lostTitleChange();
    await breakStoredTitle(orderId, "Studio\u0007Bianchi");
    await runNow(orderId, ctx);
    const o = await orderRow(orderId);
    expect(o.status).toBe("failed");
    expect(o.lastError).toMatch(/no longer passes validation/);
    expect(await outcomes(orderId)).toEqual(["change:unknown", "lookup:found"]);
  });

  it("reads as under way at Qboxmail (a transitional status): held for a person, not failed as unsent", async () => {
    const created = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(`w${uniq()}.example.com`));
    await runNow(created, ctx);
    const service = await db().service.findFirstOrThrow({ where: { createOrderId: created } });
    const code = service.upstreamRef!;
    const placed = await placeChange(t.user, {
      serviceId: service.id,
      action: "change",
      idempotencyKey: `w-${randomUUID()}`,
      form: { max_email_accounts: "12" },
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    await fault("qboxmail", {
      method: "PUT",
      path: `/api/domains/${code}`,
      count: 1,
      action: "status-after-commit",
      status: 500,
    });
    await runNow(placed.orderId, ctx);
    expect(await orderRow(placed.orderId)).toMatchObject({ status: "unknown", createSent: true });
    // Stored before a rule it now breaks (a limit below -1), and read while Qboxmail shows it updating.
    await db().order.update({ where: { id: placed.orderId }, data: { payload: { set: { max_email_accounts: -7 } } } });
    const status = (value: string) => qboxSim("/__sim/qboxmail/domain-status", { code, status: value });
    const read = await qboxClient().getDomain(code);
    const before = read.kind === "found" ? read.data.status : "ownership_check";
    await status("updating");
    try {
      await runNow(placed.orderId, ctx);
    } finally {
      await status(String(before));
    }
    const o = await orderRow(placed.orderId);
    expect(o.status).toBe("held");
    expect(o.lastError).toMatch(
      /Qboxmail shows it with the status updating, perhaps applying this change now; check upstream by hand/,
    );
    expect(await outcomes(placed.orderId)).toEqual(["change:unknown", "lookup:found"]);
  });

  it("a new password whose sealed copy cannot be opened: held for a person, nothing sent", async () => {
    const created = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(`p${uniq()}.example.com`));
    await runNow(created, ctx);
    const service = await db().service.findFirstOrThrow({ where: { createOrderId: created } });
    const password = "Fjordkite-71";
    const placed = await placeChange(t.user, {
      serviceId: service.id,
      action: "change",
      idempotencyKey: `p-${randomUUID()}`,
      form: { postmaster_password: password, postmaster_password_confirmation: password },
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const path = `/api/domains/${service.upstreamRef}`;
    await fault("qboxmail", { method: "PUT", path, count: 1, action: "status-after-commit", status: 500 });
    await runNow(placed.orderId, ctx);
    expect(await orderRow(placed.orderId)).toMatchObject({ status: "unknown", createSent: true });
    await db().order.update({ where: { id: placed.orderId }, data: { sealedSecret: Buffer.from("damaged") } });
    await runNow(placed.orderId, ctx);
    const o = await orderRow(placed.orderId);
    expect(o.status).toBe("held");
    expect(o.lastError).toMatch(/A new password cannot be read back; check upstream by hand/);
    expect(await outcomes(placed.orderId)).toEqual(["change:unknown", "lookup:unknown"]);
  });
});

// A change the provider would refuse after the order was placed is refused on the form's field
// instead, judged against what the provider last showed of the resource (the service row's
// settings and state): a Qboxmail feature the domain's plan lacks, a default quota above the
// domain's maximum, chat for a suspended grommunio domain. What was never read is not judged.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { makeOrder, makeService, makeTenant } from "../factories";
import { quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await disconnectDb();
});

const GB = 1024 ** 3;

async function serviceWith(kind: "qboxmail_domain" | "grommunio_domain", settings: object, upstreamState?: string) {
  const t = await makeTenant();
  const s = await makeService({ tenant: t, kind });
  await db().service.update({ where: { id: s.id }, data: { settings, upstreamState: upstreamState ?? "active" } });
  const change = (form: Record<string, unknown>) =>
    placeChange(t.user, { serviceId: s.id, action: "change", idempotencyKey: `chg-${randomUUID()}`, form });
  return { s, change, t };
}

describe("a change the provider would refuse", () => {
  it("is refused on the field for a Qboxmail feature the domain's plan lacks, and placed when the plan has it", async () => {
    const basic = await serviceWith("qboxmail_domain", { plan: "basic", max_email_quota: 8 * GB });
    expect(await basic.change({ chat: "true", activesync: "true", antispam_level: "3" })).toMatchObject({
      ok: false,
      fieldErrors: { chat: [expect.stringMatching(/enterprise/)], activesync: [expect.stringMatching(/professional/)] },
    });
    // Turning a feature off is always allowed.
    expect(await basic.change({ chat: "false" })).toMatchObject({ ok: true });

    const enterprise = await serviceWith("qboxmail_domain", { plan: "enterprise" });
    expect(await enterprise.change({ chat: "true" })).toMatchObject({ ok: true });
    // Never read: nothing to judge by; the provider answers.
    const unread = await serviceWith("qboxmail_domain", {});
    expect(await unread.change({ chat: "true" })).toMatchObject({ ok: true });
  });

  it("is refused for a default quota above the domain's maximum, which a change cannot raise", async () => {
    const d = await serviceWith("qboxmail_domain", { plan: "professional", max_email_quota: 8 * GB });
    expect(await d.change({ default_quota: String(16 * GB) })).toMatchObject({
      ok: false,
      fieldErrors: { default_quota: [expect.stringMatching(/no larger than the maximum quota \(8 GB\)/)] },
    });
    expect(await d.change({ default_quota: String(4 * GB) })).toMatchObject({ ok: true });
  });

  it("is refused for chat on a suspended grommunio domain", async () => {
    const suspended = await serviceWith("grommunio_domain", { domainStatus: 1 }, "suspended");
    expect(await suspended.change({ chat: "true" })).toMatchObject({
      ok: false,
      fieldErrors: { chat: [expect.stringMatching(/resume the domain first/)] },
    });
    expect(await suspended.change({ maxUser: "20" })).toMatchObject({ ok: true });
  });

  it("is refused when the service ends while it is being placed (its delete's step commits meanwhile)", async () => {
    const { s, change } = await serviceWith("qboxmail_domain", { plan: "enterprise" });
    // The delete's step holds the service row, not committed yet: the placement reads it as live.
    const deleting = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await deleting.connect();
    try {
      await deleting.query("BEGIN");
      await deleting.query("UPDATE service SET status = 'deleted', ended_at = now() WHERE id = $1", [s.id]);
      const placing = change({ max_email_accounts: "12" });
      await new Promise((r) => setTimeout(r, 300));
      await deleting.query("COMMIT");
      expect(await placing).toMatchObject({
        ok: false,
        formError: "This service has ended; there is nothing left to change.",
      });
    } finally {
      await deleting.end();
    }
    expect(await db().order.count({ where: { serviceId: s.id } })).toBe(0);
  });

  it("is refused when it waited on the one-open-change index for the delete whose success ends the service", async () => {
    const { s, change, t } = await serviceWith("qboxmail_domain", { plan: "enterprise" });
    const del = await makeOrder({
      tenant: t,
      status: "provisioning",
      action: "delete",
      serviceId: s.id,
      upstreamRef: s.upstreamRef,
      payload: { purge: false },
    });
    // The delete's success step, as the worker writes it: the order first, then the service.
    const step = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await step.connect();
    try {
      await step.query("BEGIN");
      await step.query(`UPDATE "order" SET status = 'succeeded' WHERE id = $1`, [del.id]);
      await step.query("UPDATE service SET status = 'deleted', ended_at = now() WHERE id = $1", [s.id]);
      const placing = change({ max_email_accounts: "12" });
      await new Promise((r) => setTimeout(r, 300));
      await step.query("COMMIT");
      expect(await placing).toMatchObject({
        ok: false,
        formError: "This service has ended; there is nothing left to change.",
      });
    } finally {
      await step.end();
    }
    expect(await db().order.count({ where: { serviceId: s.id, action: "change" } })).toBe(0);
  });
});

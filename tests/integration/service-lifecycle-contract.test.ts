// Lifecycle answers the upstream contracts allow beyond the simulators' happy path
// (docs/upstream/grommunio.md §12, docs/upstream/qboxmail-lifecycle.md "Lifecycle checked against
// the contract"): a grommunio domain soft-deleted behind the portal's back is not brought back by a
// suspend or resume, and takes any other change as grommunio does; grommunio's refusal of a PATCH is final, not "maybe applied"; Qboxmail's
// update takes every documented field, checked as on create.

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { refusedChange } from "@/lib/services/queries";
import { refreshService } from "@/lib/services/read-live";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { makeUser } from "../factories";
import { chatService, grommunioApi } from "./another-client";
import { fault, fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";
import { enableQboxDomain } from "./qboxmail-sim";

const t = fileTenant({
  limits: { maxDomains: 12 },
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});

async function change(serviceId: string, action: string, form?: unknown) {
  const r = await placeChange(t.user, { serviceId, action, idempotencyKey: `chg-${randomUUID()}`, form });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const o = await waitForOrder(r.orderId, isFinal, 40_000);
  const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
  return { order: o, attempts: attempts.map((a) => `${a.kind}:${a.outcome}`) };
}

async function grommunioDomain(id: number) {
  const r = await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`);
  const state = (await r.json()) as { domains: { ID: number; domainStatus: number; chat: boolean }[] };
  return state.domains.find((d) => d.ID === id)!;
}

async function qboxDomain(code: string) {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/domains/${code}`, {
    headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
  });
  return (await r.json()).resources[0] as Record<string, unknown>;
}

describe("grommunio domain lifecycle against the contract", () => {
  it("does not bring back a domain soft-deleted behind the portal's back", async () => {
    const s = (await succeededService(t, "grommunio_domain", forms.grommunio_domain(`gl${uniq()}.example.com`)))
      .service;
    const id = Number(s.upstreamRef);
    // Someone deletes it at grommunio (soft: status 3, the row stays and answers 200 to a PATCH).
    const admin = new GrommunioClient({
      baseUrl: process.env.GROMMUNIO_API_URL!,
      user: process.env.GROMMUNIO_USER!,
      password: process.env.GROMMUNIO_PASSWORD!,
      timeoutMs: 5000,
    });
    expect(await admin.deleteDomain(id)).toMatchObject({ kind: "success" });

    for (const action of ["resume", "suspend"]) {
      const c = await change(s.id, action);
      expect(c).toMatchObject({ order: { status: "failed" }, attempts: ["lookup:absent"] });
      expect(c.order.lastError).toMatch(/deleted/);
      expect((await grommunioDomain(id)).domainStatus).toBe(3);
    }
    // Any other change leaves the status alone: it is sent, as to any domain, the policy change
    // (read first) and a limit changed after a lost answer (read back) included.
    const policy = await change(s.id, "change", { syncPolicy: { maxattsize: "2048" } });
    expect(policy).toMatchObject({ order: { status: "succeeded" }, attempts: ["lookup:found", "change:succeeded"] });
    await fault("grommunio", { method: "PATCH", path: `/system/domains/${id}`, count: 1, action: "drop-after-commit" });
    const limit = await change(s.id, "change", { maxUser: "12" });
    expect(limit).toMatchObject({ order: { status: "succeeded" }, attempts: ["change:unknown", "lookup:found"] });
    expect(await grommunioDomain(id)).toMatchObject({ domainStatus: 3, maxUser: 12 });
  });

  it("waits as 'retrying', not 'unknown', when the read before a suspend's first send fails: nothing was sent", async () => {
    const s = (await succeededService(t, "grommunio_domain", forms.grommunio_domain(`gr${uniq()}.example.com`)))
      .service;
    const path = `/system/domains/${s.upstreamRef}`;
    await fault("grommunio", {
      method: "GET",
      path,
      count: 1,
      action: "status",
      status: 503,
      body: { message: "Database not available." },
    });
    const c = await change(s.id, "suspend");
    expect(c).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["lookup:transient", "lookup:found", "change:succeeded"],
    });
    const statuses = (await db().auditEvent.findMany({ where: { orderId: c.order.id }, orderBy: { id: "asc" } })).map(
      (e) => (e.after as { status?: string } | null)?.status,
    );
    expect(statuses).toContain("retrying");
    expect(statuses).not.toContain("unknown");
  });

  it("reads back a PATCH answered 200 without the domain ('Domain update failed'), sending it again only if not applied", async () => {
    const s = (await succeededService(t, "grommunio_domain", forms.grommunio_domain(`gf${uniq()}.example.com`)))
      .service;
    const id = Number(s.upstreamRef);
    const failed = { message: "Domain update failed", error: "(IntegrityError)" };
    const path = `/system/domains/${id}`;
    // Nothing committed: read back, not applied, sent again.
    await fault("grommunio", { method: "PATCH", path, count: 1, action: "status", status: 200, body: failed });
    expect(await change(s.id, "change", { maxUser: "31" })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["change:unknown", "lookup:found", "change:succeeded"],
    });
    // Committed, then the same answer: read back, applied, not sent again.
    await fault("grommunio", {
      method: "PATCH",
      path,
      count: 1,
      action: "status-after-commit",
      status: 200,
      body: failed,
    });
    expect(await change(s.id, "change", { maxUser: "32" })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["change:unknown", "lookup:found"],
    });
    expect((await grommunioDomain(id)) as unknown).toMatchObject({ maxUser: 32 });
  });

  it("takes grommunio's refusal of a change as final: chat on a suspended domain", async () => {
    const s = (await succeededService(t, "grommunio_domain", forms.grommunio_domain(`gh${uniq()}.example.com`)))
      .service;
    const id = Number(s.upstreamRef);
    // Suspended at grommunio by another of its clients: the portal's last reading says active, so
    // its form lets the change through (service-change-refusals.test.ts has the case it knows).
    expect((await grommunioApi("PATCH", `/system/domains/${id}`, { domainStatus: 1 })).status).toBe(200);
    const c = await change(s.id, "change", { chat: "true" });
    // One PATCH, refused; never read back and sent again as if it might have applied.
    expect(c).toMatchObject({ order: { status: "failed" }, attempts: ["change:rejected"] });
    expect(c.order.fieldErrors).toMatchObject({ chat: [{ key: "chatNeedsActiveDomain" }] });
    expect((await grommunioDomain(id)).chat).toBe(false);
    // The service page's change form starts from it, for its reseller only.
    expect(await refusedChange(t.reseller.id, s.id)).toEqual({
      orderId: c.order.id,
      set: { chat: true },
      fieldErrors: c.order.fieldErrors,
    });
    expect(await refusedChange(randomUUID(), s.id)).toBeUndefined();

    expect((await change(s.id, "resume")).order.status).toBe("succeeded");
    // Anything placed since makes it history.
    expect(await refusedChange(t.reseller.id, s.id)).toBeUndefined();
    await chatService(true);
    try {
      expect(await change(s.id, "change", { chat: "true" })).toMatchObject({ order: { status: "succeeded" } });
      expect((await grommunioDomain(id)).chat).toBe(true);
    } finally {
      await chatService(false);
    }
  });

  it("never takes chat turned off for done while grommunio's chat service is down", async () => {
    await chatService(true);
    try {
      const name = `gc${uniq()}.example.com`;
      const s = (await succeededService(t, "grommunio_domain", forms.grommunio_domain(name, { chat: true }))).service;
      const id = Number(s.upstreamRef);
      // Down: the PATCH answers 503, and a read-back says chat is off, as grommunio reads it live.
      await chatService(false);
      const c = await change(s.id, "change", { chat: "false" });
      expect(c.order.status).toBe("held");
      expect(c.attempts.filter((a) => a === "change:succeeded")).toEqual([]);
      expect((await grommunioDomain(id)).chat).toBe(true);
      // A person who checked chat at grommunio (turned off by hand there, say) can mark the order
      // resolved: their word stands where the worker's read-back cannot.
      const support = await makeUser("support");
      const held = await db().order.findUniqueOrThrow({ where: { id: c.order.id } });
      await resolveOrderByHand(
        { id: support.id, role: "support", email: support.email },
        {
          orderId: held.id,
          expectedVersion: held.version,
          reason: "chat checked at grommunio",
          upstreamRef: String(id),
        },
      );
      expect((await db().order.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("succeeded");
    } finally {
      await chatService(false);
    }
  });
});

async function qboxManager(code: string) {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/managers/${code}`, {
    headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
  });
  return (await r.json()).resources[0] as Record<string, unknown>;
}

describe("Qboxmail manager enable/disable (PUT /api/managers/{code}/status)", () => {
  it("disables and enables a manager, each once after a lost answer", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const code = s.upstreamRef!;
    for (const [action, status] of [
      ["suspend", "disabled"],
      ["resume", "enabled"],
    ] as const) {
      await fault("qboxmail", {
        method: "PUT",
        path: `/api/managers/${code}/status`,
        count: 1,
        action: "drop-after-commit",
      });
      expect(await change(s.id, action)).toMatchObject({
        order: { status: "succeeded" },
        attempts: ["change:unknown", "lookup:found"],
      });
      expect((await qboxManager(code)).status).toBe(status);
    }
    expect((await db().service.findUniqueOrThrow({ where: { id: s.id } })).upstreamState).toBe("active");
  });
});

/** A POST to one of the Qboxmail simulator's control routes. */
const sim = (path: string, body: unknown) =>
  fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** How many changes of this kind (`status`, `update`) the Qboxmail simulator applied to a domain. */
async function changesOf(code: string, op: string) {
  const l = (await (await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/ledger`)).json()) as {
    changed: { ref: string; op: string }[];
  };
  return l.changed.filter((c) => c.ref === code && c.op === op).length;
}

describe("Qboxmail domain status change under way (Updating)", () => {
  const statusChanges = (code: string) => changesOf(code, "status");

  /** A Qboxmail domain enabled (its ownership record published), so that it can be disabled. */
  async function enabledDomain() {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`qu${uniq()}.example.com`))).service;
    const code = s.upstreamRef!;
    await enableQboxDomain(code, s.naturalKey);
    expect((await qboxDomain(code)).status).toBe("enabled");
    return { s, code };
  }

  /** A disable of the domain whose PUT commits and whose answer is lost: the placed order. */
  async function disableLosingTheAnswer(serviceId: string, code: string) {
    await fault("qboxmail", {
      method: "PUT",
      path: `/api/domains/${code}/status`,
      count: 1,
      action: "drop-after-commit",
    });
    const r = await placeChange(t.user, {
      serviceId,
      action: "suspend",
      idempotencyKey: `chg-${randomUUID()}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r;
  }

  it("a disable whose answer was lost, read back while the domain shows a transitional status, is read again, not sent twice", async () => {
    const { s, code } = await enabledDomain();
    // The disable takes 15 s, shown as "updating" meanwhile: the worker's first read-back (6 s
    // after the lost answer) comes while it is under way.
    await sim("/__sim/settings", { statusChangeMs: 15_000 });
    try {
      const r = await disableLosingTheAnswer(s.id, code);
      const o = await waitForOrder(r.orderId, isFinal, 90_000);
      expect(o.status).toBe("succeeded");
      const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
      expect(attempts[0]).toMatchObject({ kind: "change", outcome: "unknown" });
      expect(attempts.find((a) => a.outcome === "found")?.message).toMatch(/while it applies a status change/);
      expect(attempts.at(-1)).toMatchObject({ kind: "lookup", outcome: "found" });
      expect(attempts.some((a, i) => i > 0 && a.kind === "change")).toBe(false);
      expect(await statusChanges(code)).toBe(1);
      expect((await qboxDomain(code)).status).toBe("disabled");
    } finally {
      await sim("/__sim/settings", { statusChangeMs: 0 });
    }
  }, 120_000);

  it("a status that stays transitional past the wait is no longer taken for the change: it is sent again", async () => {
    const { s, code } = await enabledDomain();
    await sim("/__sim/settings", { statusChangeMs: 600_000 });
    try {
      const r = await disableLosingTheAnswer(s.id, code);
      const settling = () =>
        db().attempt.count({
          where: { orderId: r.orderId, message: { contains: "while it applies a status change" } },
        });
      for (let i = 0; i < 200 && (await settling()) === 0; i++) await new Promise((ok) => setTimeout(ok, 100));
      expect(await settling()).toBeGreaterThan(0);
      // The lost PUT as if sent 31 minutes ago: past the 30 minutes a transitional status is waited out.
      await db().$executeRaw`UPDATE attempt SET started_at = started_at - interval '31 minutes'
                              WHERE order_id = ${r.orderId}::uuid AND kind = 'change'`;
      const o = await waitForOrder(r.orderId, isFinal, 30_000);
      expect(o.status).toBe("succeeded");
      const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
      expect(attempts.at(-1)).toMatchObject({ kind: "change", outcome: "succeeded" });
      expect(await statusChanges(code)).toBe(2);
    } finally {
      await sim("/__sim/settings", { statusChangeMs: 0 });
    }
  }, 120_000);

  it("the wait is timed from the latest PUT: a disable sent again and read back under way is not sent a third time", async () => {
    const { s, code } = await enabledDomain();
    await sim("/__sim/settings", { statusChangeMs: 600_000 });
    try {
      const r = await disableLosingTheAnswer(s.id, code);
      const settlingSince = (number: number) =>
        db().attempt.count({
          where: {
            orderId: r.orderId,
            number: { gt: number },
            message: { contains: "while it applies a status change" },
          },
        });
      const sends = () =>
        db().attempt.findMany({
          where: { orderId: r.orderId, kind: "change" },
          orderBy: { number: "asc" },
          select: { number: true },
        });
      for (let i = 0; i < 200 && (await settlingSince(0)) === 0; i++) await new Promise((ok) => setTimeout(ok, 100));
      expect(await settlingSince(0)).toBeGreaterThan(0);
      // The first PUT as if sent 45 minutes ago: past the wait, so it is sent again, and that
      // second PUT's answer is lost too.
      await fault("qboxmail", {
        method: "PUT",
        path: `/api/domains/${code}/status`,
        count: 1,
        action: "drop-after-commit",
      });
      await db().$executeRaw`UPDATE attempt SET started_at = started_at - interval '45 minutes'
                              WHERE order_id = ${r.orderId}::uuid AND kind = 'change'`;
      for (let i = 0; i < 200 && (await sends()).length < 2; i++) await new Promise((ok) => setTimeout(ok, 100));
      const second = (await sends())[1]!;
      // Read back under way after the second PUT, which was just sent: waited for, not sent again.
      for (let i = 0; i < 200 && (await settlingSince(second.number)) === 0 && (await sends()).length < 3; i++)
        await new Promise((ok) => setTimeout(ok, 100));
      await new Promise((ok) => setTimeout(ok, 1_000));
      expect((await sends()).length).toBe(2);
      expect(await settlingSince(second.number)).toBeGreaterThan(0);
      expect(await statusChanges(code)).toBe(2);
    } finally {
      await sim("/__sim/settings", { statusChangeMs: 0 });
    }
  }, 120_000);
});

describe("Qboxmail domain settings change under way (Updating)", () => {
  const settings = (body: unknown) => sim("/__sim/settings", body);
  const updates = (code: string) => changesOf(code, "update");

  it("a change whose answer was lost, read back while the domain shows the old values under way, is read again, not sent twice", async () => {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`qs${uniq()}.example.com`))).service;
    const code = s.upstreamRef!;
    const settled = (await qboxDomain(code)).status;
    // The change takes 15 s, the old values shown as "updating" meanwhile: the worker's read-back
    // after the lost answer comes while it is under way.
    await settings({ settingsChangeMs: 15_000 });
    try {
      await fault("qboxmail", { method: "PUT", path: `/api/domains/${code}`, count: 1, action: "drop-after-commit" });
      const c = await change(s.id, "change", { max_email_accounts: "7" });
      expect(c.order.status).toBe("succeeded");
      expect(c.attempts[0]).toBe("change:unknown");
      expect(c.attempts.slice(1).every((a) => a === "lookup:found")).toBe(true);
      const readings = await db().attempt.findMany({ where: { orderId: c.order.id, kind: "lookup" } });
      expect(
        readings.some((a) => /while it applies a change, perhaps the one whose answer was lost/.test(a.message ?? "")),
      ).toBe(true);
      expect(await updates(code)).toBe(1);
      expect(await qboxDomain(code)).toMatchObject({ max_email_accounts: 7, status: settled });
    } finally {
      await settings({ settingsChangeMs: 0 });
    }
  }, 120_000);
});

describe("Qboxmail domain update takes every documented field", () => {
  it("catch-all, default quota and allowed networks: set once after a lost answer; a catch-all without destination is refused on its field, unless the domain holds one", async () => {
    const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`ql${uniq()}.example.com`))).service;
    const code = s.upstreamRef!;

    // Qboxmail refuses the pair half given (422 on catch_all_destination): the form says so first.
    const orders = await db().order.count({ where: { serviceId: s.id } });
    const refused = await placeChange(t.user, {
      serviceId: s.id,
      action: "change",
      idempotencyKey: `chg-${randomUUID()}`,
      form: { catch_all_enabled: "true" },
    });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { catch_all_destination: [expect.any(String)] } });
    expect(await db().order.count({ where: { serviceId: s.id } })).toBe(orders);

    await fault("qboxmail", { method: "PUT", path: `/api/domains/${code}`, count: 1, action: "drop-after-commit" });
    const c = await change(s.id, "change", {
      catch_all_enabled: "true",
      catch_all_destination: "all@example.com",
      default_quota: String(1024 ** 3),
      allow_nets: "192.0.2.0/24\n2001:db8::1",
    });
    expect(c).toMatchObject({ order: { status: "succeeded" }, attempts: ["change:unknown", "lookup:found"] });
    expect(await qboxDomain(code)).toMatchObject({
      catch_all_enabled: true,
      catch_all_destination: "all@example.com",
      default_quota: 1024 ** 3,
      allow_nets: ["192.0.2.0/24", "2001:db8::1"],
    });

    // Off, then on again with no address (an API client's `set`): the domain's reading holds one,
    // which the change sends with the switch, so the pair passes whether Qboxmail judges it by the
    // request alone or by what the domain holds.
    expect(await change(s.id, "change", { catch_all_enabled: "false" })).toMatchObject({
      order: { status: "succeeded" },
    });
    await refreshService(s);
    const on = await change(s.id, "change", { catch_all_enabled: "true" });
    expect(on).toMatchObject({
      order: {
        status: "succeeded",
        payload: { set: { catch_all_enabled: true, catch_all_destination: "all@example.com" } },
      },
    });
    expect(await qboxDomain(code)).toMatchObject({ catch_all_enabled: true, catch_all_destination: "all@example.com" });

    // The same request again with its key, after the address changed in Qboxmail's panel: the
    // same order, not "key used for another request".
    const key = `chg-${randomUUID()}`;
    const ask = () =>
      placeChange(t.user, {
        serviceId: s.id,
        action: "change",
        idempotencyKey: key,
        form: { catch_all_enabled: "true" },
      });
    const first = await ask();
    if (!first.ok) throw new Error(JSON.stringify(first));
    await waitForOrder(first.orderId, isFinal, 40_000);
    await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/domains/${code}`, {
      method: "PUT",
      headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!, "content-type": "application/json" },
      body: JSON.stringify({ catch_all_destination: "panel@example.com" }),
    });
    await refreshService(s);
    expect(await ask()).toMatchObject({ ok: true, orderId: first.orderId, duplicate: true });
  });
});

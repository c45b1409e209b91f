// Changes of services go through the order pipeline: each change kind survives an answer lost
// after the upstream committed it (the simulator commits, then drops the connection) without a
// second call: the next run reads the resource back, sees the change applied and succeeds.

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { changeRequestFromForm, hasOwnPolicy, POLICY_TO_DEFAULT_FIELD } from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { callApi } from "./api-client";
import { fault, fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({
  limits: { maxDomains: 5, maxServers: 2 },
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});

async function serviceOf(kind: keyof typeof forms, form: unknown) {
  return (await succeededService(t, kind, form)).service;
}

async function change(serviceId: string, action: string, extra: { form?: unknown; confirmName?: string } = {}) {
  const r = await placeChange(t.user, { serviceId, action, idempotencyKey: `chg-${randomUUID()}`, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const o = await waitForOrder(r.orderId, isFinal, 40_000);
  const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
  return { order: o, attempts: attempts.map((a) => `${a.kind}:${a.outcome}`) };
}

const grommunioOrigin = () => process.env.SIM_GROMMUNIO_ORIGIN!;
async function grommunioState() {
  return (await (await fetch(`${grommunioOrigin()}/__sim/grommunio/state`)).json()) as {
    domains: {
      ID: number;
      domainStatus: number;
      maxUser: number;
      title: string;
      syncPolicy: Record<string, unknown> | null;
    }[];
    servers: { ID: number; extname: string }[];
  };
}
async function qboxResource(collection: "domains" | "managers", code: string) {
  const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/${collection}/${code}`, {
    headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
  });
  return r.status === 404 ? null : ((await r.json()).resources[0] as Record<string, unknown>);
}
const qboxDomain = (code: string) => qboxResource("domains", code);

// One dropped answer after commit on the change's route; the order still succeeds, with exactly
// one change call and a read-back that found it applied.
const dropOnce = (sim: "grommunio" | "qboxmail", method: string, path: string) =>
  fault(sim, { method, path, count: 1, action: "drop-after-commit" });
const ONE_CALL = ["change:unknown", "lookup:found"];
// A grommunio suspend or resume reads the domain first (a soft-deleted one must not come back).
const READ_THEN_ONE_CALL = ["lookup:found", "change:unknown", "lookup:found"];

describe("grommunio domain changes survive a lost answer", () => {
  it("change limits and policy, suspend, resume, delete: each applied once", async () => {
    // Ordered with a policy of its own: a device password and an attachment limit.
    const ordered = { syncPolicy: { devpwenabled: "1", maxattsize: "1000" } };
    const s = await serviceOf("grommunio_domain", forms.grommunio_domain(`gc${uniq()}.example.com`, ordered));
    const id = Number(s.upstreamRef);
    const policyBefore = (await grommunioState()).domains.find((x) => x.ID === id)!.syncPolicy;
    expect(policyBefore).toMatchObject({ devpwenabled: 1, maxattsize: 1000 });
    await dropOnce("grommunio", "PATCH", `/system/domains/${id}`);
    const c = await change(s.id, "change", {
      form: { maxUser: "42", title: "New title", syncPolicy: { allowbluetooth: "0" } },
    });
    // A policy change reads the domain first: grommunio stores the policy as one value, so the
    // PATCH carries the whole of it with the one key changed, and nothing set before is lost.
    expect(c).toMatchObject({ order: { status: "succeeded" }, attempts: READ_THEN_ONE_CALL });
    let d = (await grommunioState()).domains.find((x) => x.ID === id)!;
    expect(d).toMatchObject({ maxUser: 42, title: "New title" });
    expect(d.syncPolicy).toEqual({ ...policyBefore, allowbluetooth: 0 });
    const sent = await db().attempt.findFirstOrThrow({ where: { orderId: c.order.id, kind: "change" } });
    expect(sent.request).toMatchObject({ body: { syncPolicy: { ...policyBefore, allowbluetooth: 0 } } });
    // A text emptied is a change too: grommunio takes "" (the field's default).
    expect((await change(s.id, "change", { form: { title: "" } })).order.status).toBe("succeeded");
    expect((await grommunioState()).domains.find((x) => x.ID === id)!.title).toBe("");

    await dropOnce("grommunio", "PATCH", `/system/domains/${id}`);
    expect(await change(s.id, "suspend")).toMatchObject({
      order: { status: "succeeded" },
      attempts: READ_THEN_ONE_CALL,
    });
    expect((await grommunioState()).domains.find((x) => x.ID === id)!.domainStatus).toBe(1);
    expect((await db().service.findUniqueOrThrow({ where: { id: s.id } })).upstreamState).toBe("suspended");

    await dropOnce("grommunio", "PATCH", `/system/domains/${id}`);
    expect(await change(s.id, "resume")).toMatchObject({
      order: { status: "succeeded" },
      attempts: READ_THEN_ONE_CALL,
    });
    expect((await grommunioState()).domains.find((x) => x.ID === id)!.domainStatus).toBe(0);

    // A delete needs the name typed.
    const refused = await placeChange(t.user, {
      serviceId: s.id,
      action: "delete",
      idempotencyKey: `chg-${randomUUID()}`,
      confirmName: "nope",
    });
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { confirmName: [expect.stringContaining(s.displayName)] },
    });
    await dropOnce("grommunio", "DELETE", `/system/domains/${id}`);
    expect(await change(s.id, "delete", { confirmName: s.displayName })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ONE_CALL,
    });
    d = (await grommunioState()).domains.find((x) => x.ID === id)!;
    expect(d.domainStatus).toBe(3); // soft delete: the name stays taken upstream
    expect(await db().service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: "deleted" });
  });
});

describe("grommunio server changes survive a lost answer", () => {
  it("change extname once; delete once it has no domain", async () => {
    const s = await serviceOf("grommunio_server", forms.grommunio_server(`srv${uniq()}.example.com`));
    const id = Number(s.upstreamRef);
    await dropOnce("grommunio", "PATCH", `/system/servers/${id}`);
    const extname = `mail-${uniq()}.example.net`;
    const c = await change(s.id, "change", { form: { extname } });
    expect(c).toMatchObject({ order: { status: "succeeded" }, attempts: ONE_CALL });
    expect((await grommunioState()).servers.find((x) => x.ID === id)).toMatchObject({ extname });
    await dropOnce("grommunio", "DELETE", `/system/servers/${id}`);
    const del = await change(s.id, "delete", { confirmName: s.naturalKey });
    expect(del).toMatchObject({ order: { status: "succeeded" }, attempts: ["change:unknown", "lookup:absent"] });
    expect((await grommunioState()).servers.some((x) => x.ID === id)).toBe(false);
  });
});

describe("Qboxmail domain and manager changes survive a lost answer", () => {
  it("domain: change a limit, disable, enable, delete (limit freed)", async () => {
    const s = await serviceOf("qboxmail_domain", forms.qboxmail_domain(`qc${uniq()}.example.com`));
    const code = s.upstreamRef;
    // Enable it first (ownership record published), so it can be disabled.
    const label = (await qboxDomain(code))!.possession_a_record as string;
    await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${label}.${s.naturalKey}`, value: "185.97.217.16" }),
    });
    await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/api/domains/${code}/dns_ownership_check`, {
      method: "PUT",
      headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
    });
    expect((await qboxDomain(code))!.status).toBe("enabled");

    // What the service row records after each change was asked for, not read: the change marks
    // it unread and untried, so the sweep (never-tried first) reads it back on a coming pass.
    const recorded = () => db().service.findUniqueOrThrow({ where: { id: s.id } });
    const readNow = async () => {
      expect((await refreshService(s)).ok).toBe(true);
      expect(await recorded()).toMatchObject({ readAt: expect.any(Date), readTriedAt: expect.any(Date) });
    };

    await readNow();
    await dropOnce("qboxmail", "PUT", `/api/domains/${code}`);
    expect(await change(s.id, "change", { form: { max_email_accounts: "7", activesync: "true" } })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ONE_CALL,
    });
    expect(await qboxDomain(code)).toMatchObject({ max_email_accounts: 7, activesync: true });
    expect(await recorded()).toMatchObject({ readAt: null, readTriedAt: null });
    await readNow();
    expect((await recorded()).settings).toMatchObject({ max_email_accounts: 7 });

    await dropOnce("qboxmail", "PUT", `/api/domains/${code}/status`);
    expect(await change(s.id, "suspend")).toMatchObject({ order: { status: "succeeded" }, attempts: ONE_CALL });
    expect((await qboxDomain(code))!.status).toBe("disabled");
    expect(await recorded()).toMatchObject({ upstreamState: "disabled", readAt: null, readTriedAt: null });
    await readNow();
    await dropOnce("qboxmail", "PUT", `/api/domains/${code}/status`);
    expect(await change(s.id, "resume")).toMatchObject({ order: { status: "succeeded" }, attempts: ONE_CALL });
    expect((await qboxDomain(code))!.status).toBe("enabled");
    expect(await recorded()).toMatchObject({ upstreamState: "active", readAt: null, readTriedAt: null });

    const used = () =>
      db().order.count({
        where: {
          resellerId: t.reseller.id,
          kind: { in: ["qboxmail_domain", "grommunio_domain"] },
          action: "create",
          status: "succeeded",
          createdService: { status: "active" },
        },
      });
    const before = await used();
    await dropOnce("qboxmail", "DELETE", `/api/domains/${code}`);
    expect(await change(s.id, "delete", { confirmName: s.naturalKey })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["change:unknown", "lookup:absent"],
    });
    expect(await qboxDomain(code)).toBeNull();
    expect(await used()).toBe(before - 1);
  });

  it("manager: change limits and assigned domains, delete", async () => {
    const dom = await serviceOf("qboxmail_domain", forms.qboxmail_domain(`qm${uniq()}.example.com`));
    const s = await serviceOf("qboxmail_manager", forms.qboxmail_manager());
    await dropOnce("qboxmail", "PUT", `/api/managers/${s.upstreamRef}`);
    expect(await qboxResource("managers", s.upstreamRef)).toMatchObject({ domain_codes: [] });
    const c = await change(s.id, "change", { form: { max_domains: "5", domain_codes: dom.upstreamRef } });
    expect(c).toMatchObject({ order: { status: "succeeded" }, attempts: ONE_CALL });
    expect(await qboxResource("managers", s.upstreamRef)).toMatchObject({
      max_domains: 5,
      domain_codes: [dom.upstreamRef],
    });
    expect(await qboxDomain(dom.upstreamRef)).toMatchObject({ manager_code: s.upstreamRef });
    await dropOnce("qboxmail", "DELETE", `/api/managers/${s.upstreamRef}`);
    expect(await change(s.id, "delete", { confirmName: s.naturalKey })).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["change:unknown", "lookup:absent"],
    });
  });
});

describe("a Qboxmail catch-all turned on without an address", () => {
  it("is sent with the address the provider holds now, not with an older reading's", async () => {
    const held = `held-${uniq()}@example.com`;
    const s = await serviceOf("qboxmail_domain", {
      ...forms.qboxmail_domain(`qa${uniq()}.example.com`),
      catch_all_enabled: "true",
      catch_all_destination: held,
    });
    // The last reading, minutes old, shows another address (changed in Qboxmail's panel since).
    const last = (await db().service.findUniqueOrThrow({ where: { id: s.id } })).settings as Record<string, unknown>;
    await db().service.update({
      where: { id: s.id },
      data: {
        settings: { ...last, catch_all_enabled: false, catch_all_destination: "stale@example.com" },
        readAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    const c = await change(s.id, "change", { form: { catch_all_enabled: true } });
    expect(c.order.status).toBe("succeeded");
    expect(c.order.payload).toEqual({ set: { catch_all_enabled: true, catch_all_destination: held } });
    expect(await qboxDomain(s.upstreamRef)).toMatchObject({ catch_all_enabled: true, catch_all_destination: held });
  });
});

describe("one change at a time", () => {
  it("refuses a second change while one is running", async () => {
    const s = await serviceOf("grommunio_domain", forms.grommunio_domain(`g1${uniq()}.example.com`));
    // Hold the first change: the upstream answers after the worker gave up (1.5 s), and the order
    // stays open until its read-back seconds later, however slowly the second is placed.
    await fault("grommunio", {
      method: "PATCH",
      path: `/system/domains/${s.upstreamRef}`,
      count: 1,
      action: "delay",
      ms: 5_000,
    });
    const first = await placeChange(t.user, {
      serviceId: s.id,
      action: "suspend",
      idempotencyKey: `chg-${randomUUID()}`,
    });
    const second = await placeChange(t.user, {
      serviceId: s.id,
      action: "resume",
      idempotencyKey: `chg-${randomUUID()}`,
    });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, formError: expect.stringContaining("still running") });
    if (first.ok) await waitForOrder(first.orderId, isFinal);
  });
});

/** A policy change placed through the API (`set.syncPolicy`), run to success. */
async function policyChangeByApi(serviceId: string, syncPolicy: unknown) {
  const created = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `policy-${randomUUID()}`, scopes: ["services:read", "services:write", "orders:read"] },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  const answer = await callApi("POST", `/services/${serviceId}/changes`, {
    token: created.token,
    body: { action: "change", set: { syncPolicy } },
    headers: { "idempotency-key": `api-${randomUUID()}` },
  });
  expect(answer.status).toBe(202);
  expect((await waitForOrder(answer.body.id, isFinal, 40_000)).status).toBe("succeeded");
}

describe("a grommunio domain's own ActiveSync policy removed", () => {
  it("by the page's form and by the API (syncPolicy null), sent once after a lost answer; a later change gives it one again", async () => {
    const s = await serviceOf(
      "grommunio_domain",
      forms.grommunio_domain(`gp${uniq()}.example.com`, { syncPolicy: { devpwenabled: "1" } }),
    );
    const id = Number(s.upstreamRef);
    const policy = async () => (await grommunioState()).domains.find((x) => x.ID === id)!.syncPolicy;
    expect(await policy()).toMatchObject({ devpwenabled: 1 });
    const before = await refreshService(s);
    expect(before.ok && hasOwnPolicy(before.settings)).toBe(true);

    // The service page's "use grommunio's default policy" form: one hidden field, no settings.
    const fd = new FormData();
    fd.set("idempotencyKey", `pol-${randomUUID()}`);
    fd.set(POLICY_TO_DEFAULT_FIELD, "true");
    await dropOnce("grommunio", "PATCH", `/system/domains/${id}`);
    const placed = await placeChange(t.user, changeRequestFromForm(s.id, "change", fd));
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const o = await waitForOrder(placed.orderId, isFinal, 40_000);
    const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
    // Nothing to merge, so no read before the PATCH; the read-back after the lost answer finds null.
    expect({ status: o.status, attempts: attempts.map((a) => `${a.kind}:${a.outcome}`) }).toEqual({
      status: "succeeded",
      attempts: ONE_CALL,
    });
    expect(attempts[0]!.request).toMatchObject({ body: { syncPolicy: null } });
    expect(await policy()).toBeNull();
    const after = await refreshService(s);
    expect(after.ok && hasOwnPolicy(after.settings)).toBe(false);

    // A key changed later starts a policy of the domain's own with that key.
    expect((await change(s.id, "change", { form: { syncPolicy: { allowwifi: "0" } } })).order.status).toBe("succeeded");
    expect(await policy()).toEqual({ allowwifi: 0 });

    // The API takes null as the same change.
    await policyChangeByApi(s.id, null);
    expect(await policy()).toBeNull();
  });

  it("one key at a time: 'Not set' takes the key out and keeps the rest, also after a lost answer", async () => {
    const s = await serviceOf(
      "grommunio_domain",
      forms.grommunio_domain(`gk${uniq()}.example.com`, { syncPolicy: { devpwenabled: "1", allowbluetooth: "0" } }),
    );
    const id = Number(s.upstreamRef);
    const policy = async () => (await grommunioState()).domains.find((x) => x.ID === id)!.syncPolicy;
    expect(await policy()).toEqual({ devpwenabled: 1, allowbluetooth: 0 });

    await dropOnce("grommunio", "PATCH", `/system/domains/${id}`);
    const c = await change(s.id, "change", { form: { syncPolicy: { allowbluetooth: "" } } });
    expect(c).toMatchObject({ order: { status: "succeeded" }, attempts: READ_THEN_ONE_CALL });
    expect(c.order.payload).toEqual({ set: { syncPolicy: { allowbluetooth: null } } });
    expect(await policy()).toEqual({ devpwenabled: 1 });

    // The API takes null for a key; the last key gone, the domain has no policy of its own.
    await policyChangeByApi(s.id, { devpwenabled: null });
    expect(await policy()).toBeNull();
  });
});

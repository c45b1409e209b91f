// Purging a grommunio domain is an administrator's decision (docs/lifecycle.md "Purge"). A
// reseller's delete is soft whatever they send: a forged `purge` through the service page's
// action or the API is refused and places nothing. An administrator orders the purge (typed
// name, a reason of their own in the audit) through the same pipeline; it survives a lost answer without a second call,
// and it also purges a domain a reseller already deleted softly (to free its name).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resetRateLimiter } from "@/lib/api/rate-limit";
import { createApiToken } from "@/lib/api/tokens";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { changeRequestFromForm } from "@/lib/services/change-fields";
import { PURGE_REFUSED, placeChange } from "@/lib/services/place-change";
import { placePurge, purgedBy } from "@/lib/services/place-purge";
import { retryOrderNow } from "@/lib/support/order-actions";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { giveUsableGrommunioServer, makeOrder, makeService, makeTenant, makeUser, type Tenant } from "../factories";
import { grommunioApi } from "./another-client";
import { callApi } from "./api-client";
import {
  fault,
  faultFileHooks,
  forms,
  isFinal,
  place,
  startWorker,
  succeededService,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

let t: Tenant;
let admin: Viewer;
let support: Viewer;

faultFileHooks(async () => {
  resetRateLimiter();
  t = await makeTenant();
  await giveUsableGrommunioServer(t);
  admin = await makeUser("admin");
  support = await makeUser("support");
  await startWorker(WORKER);
});
const WORKER = { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" };

async function grommunioDomain() {
  return (await succeededService(t, "grommunio_domain", forms.grommunio_domain(`pg${uniq()}.example.com`))).service;
}
async function simDomain(id: string) {
  const state = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
    domains: { ID: number; domainStatus: number }[];
  };
  return state.domains.find((d) => d.ID === Number(id)) ?? null;
}
/** The simulator's armed fault rules, each with the uses it has left (simulators/common/faults.ts). */
async function faultRules() {
  const res = await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/faults`);
  return ((await res.json()) as { faults: { path?: string; count: number; ms?: number }[] }).faults;
}
const deleteOrders = (serviceId: string) => db().order.findMany({ where: { serviceId, action: "delete" } });

/** The reseller's soft delete of a service, run to success; its order's id. */
async function deleteSoftly(s: { id: string; naturalKey: string }) {
  const soft = await placeChange(t.user, {
    serviceId: s.id,
    action: "delete",
    idempotencyKey: `chg-${randomUUID()}`,
    confirmName: s.naturalKey,
  });
  if (!soft.ok) throw new Error(JSON.stringify(soft));
  expect((await waitForOrder(soft.orderId, isFinal)).status).toBe("succeeded");
  return { orderId: soft.orderId };
}

describe("a reseller cannot purge", () => {
  it("refuses a forged purge through the service page's action and places nothing", async () => {
    const s = await grommunioDomain();
    const fd = new FormData();
    fd.set("idempotencyKey", `chg-${randomUUID()}`);
    fd.set("confirmName", s.displayName);
    fd.set("purge", "true");
    const r = await placeChange(t.user, changeRequestFromForm(s.id, "delete", fd));
    expect(r).toEqual({ ok: false, fieldErrors: {}, refusal: "purgeRefused", formError: PURGE_REFUSED });
    // Sent as a JSON-ish value by a hand-made request: refused the same.
    const again = await placeChange(t.user, { ...changeRequestFromForm(s.id, "delete", fd), purge: true });
    expect(again).toMatchObject({ ok: false, formError: PURGE_REFUSED });
    expect(await deleteOrders(s.id)).toEqual([]);
    expect(await simDomain(s.upstreamRef)).toMatchObject({ domainStatus: 0 });
  });

  it("refuses purge: true through the API with 403 and places nothing", async () => {
    const s = await grommunioDomain();
    const token = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `purge-${randomUUID()}`, scopes: ["services:read", "services:write", "orders:read"] },
    );
    if (!token.ok) throw new Error(JSON.stringify(token.fieldErrors));
    const res = await callApi("POST", `/services/${s.id}/changes`, {
      token: token.token,
      body: { action: "delete", confirmName: s.displayName, purge: true },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain("administrator");
    // Not a scope's refusal: the token has every scope this needs.
    expect(res.body.title).not.toContain("scope");
    expect(await deleteOrders(s.id)).toEqual([]);
    // purge: false is the ordinary soft delete.
    const softKey = `chg-${randomUUID()}`;
    const soft = await callApi("POST", `/services/${s.id}/changes`, {
      token: token.token,
      body: { action: "delete", confirmName: s.displayName, purge: false },
      headers: { "idempotency-key": softKey },
    });
    expect(soft.status).toBe(202);
    // The soft delete's key with purge: true is not that delete repeated: refused, not answered with it.
    const purgeWithSoftKey = await callApi("POST", `/services/${s.id}/changes`, {
      token: token.token,
      body: { action: "delete", confirmName: s.displayName, purge: true },
      headers: { "idempotency-key": softKey },
    });
    expect(purgeWithSoftKey.status).toBe(403);
    expect((await waitForOrder(soft.body.id, isFinal)).status).toBe("succeeded");
    expect(await simDomain(s.upstreamRef)).toMatchObject({ domainStatus: 3 });
    expect((await deleteOrders(s.id)).map((o) => o.payload)).toEqual([{ purge: false }]);
  });

  it("does not let a reseller or support user into the purge at all", async () => {
    const s = await grommunioDomain();
    const input = {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.displayName,
      reason: "asked for it",
    };
    await expect(placePurge(t.user, input)).rejects.toThrow();
    await expect(placePurge(support, input)).rejects.toThrow();
    expect(await deleteOrders(s.id)).toEqual([]);
    // Whether it was purged is a staff read: a reseller's viewer is refused there too.
    await expect(purgedBy(t.user, s.id)).rejects.toThrow();
    expect(await purgedBy(support, s.id)).toBeUndefined();
  });
});

describe("an administrator purges", () => {
  it("a live domain: typed name, audited, applied once after a lost answer", async () => {
    const s = await grommunioDomain();
    const wrong = await placePurge(admin, { serviceId: s.id, idempotencyKey: `pur-${randomUUID()}`, confirmName: "x" });
    // The typed name and the reason are both asked for, each on its field; nothing is placed.
    expect(wrong).toMatchObject({
      ok: false,
      fieldErrors: { confirmName: [expect.stringContaining(s.displayName)], reason: ["Give a reason"] },
    });
    const short = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.displayName,
      reason: " x ",
    });
    expect(short).toEqual({
      ok: false,
      fieldErrors: { reason: [expect.stringContaining("at least 3 characters")] },
      formError: undefined,
    });
    expect(await deleteOrders(s.id)).toEqual([]);
    await fault("grommunio", {
      method: "DELETE",
      path: `/system/domains/${s.upstreamRef}`,
      count: 1,
      action: "drop-after-commit",
    });
    const r = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.displayName,
      reason: "  Ticket 4711: the customer left, the name must be free  ",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const o = await waitForOrder(r.orderId, isFinal, 40_000);
    expect(o).toMatchObject({
      status: "succeeded",
      action: "delete",
      payload: { purge: true },
      createdById: admin.id,
      resellerId: t.reseller.id,
    });
    const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["change:unknown", "lookup:absent"]);
    expect(attempts[0]!.httpPath).toContain("purge=true");
    expect(await simDomain(s.upstreamRef)).toBeNull();
    expect(await db().service.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: "deleted" });
    const placed = await db().auditEvent.findFirstOrThrow({ where: { orderId: o.id, action: "order.placed" } });
    expect(placed).toMatchObject({ actorId: admin.id, after: { action: "delete", purge: true } });
    // The administrator's own words, trimmed.
    expect(placed.reason).toBe("Ticket 4711: the customer left, the name must be free");
  });

  it("a purge still running after its answer was lost is read again, not sent beside it", async () => {
    const s = await grommunioDomain();
    const path = `/system/domains/${s.upstreamRef}`;
    // The purge commits 15 s after it arrives, long after the worker gave up on it (1.5 s) and
    // after its first read-back (6 s on, the attempt's deadline), with room for a slow machine;
    // any later DELETE is counted.
    await fault("grommunio", { method: "DELETE", path, count: 1, action: "delay", ms: 15_000 });
    await fault("grommunio", { method: "DELETE", path, count: 100, action: "delay", ms: 0 });
    const r = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.displayName,
      reason: "slow purge",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const o = await waitForOrder(r.orderId, isFinal, 60_000);
    expect(o.status).toBe("succeeded");
    const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
    const seen = attempts.map((a) => `${a.kind}:${a.outcome}`);
    expect(seen[0]).toBe("change:unknown");
    expect(seen).toContain("lookup:found");
    expect(seen.at(-1)).toBe("lookup:absent");
    expect(seen).not.toContain("change:succeeded");
    expect(attempts.find((a) => a.outcome === "found")?.message).toMatch(/may still be running/);
    // One DELETE reached grommunio: the counting rule was never used.
    expect((await faultRules()).find((f) => f.path === path)?.count).toBe(100);
    await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/faults`, { method: "DELETE" });
    expect(await simDomain(s.upstreamRef)).toBeNull();
  });

  it("a purge whose worker was killed mid-call is read again, not sent beside it", async () => {
    const s = await grommunioDomain();
    const path = `/system/domains/${s.upstreamRef}`;
    // The purge commits 40 s after it arrives. Its worker waits for the answer (60 s timeout) and
    // is killed meanwhile, so its attempt is abandoned, not "unknown"; the next worker finds the
    // domain still there about 10 s later.
    await killAllWorkers();
    const a = spawnWorker({ ...WORKER, UPSTREAM_TIMEOUT_MS: "60000" });
    await a.waitForOutput(/worker started/);
    await fault("grommunio", { method: "DELETE", path, count: 1, action: "delay", ms: 40_000 });
    await fault("grommunio", { method: "DELETE", path, count: 100, action: "delay", ms: 0 });
    const r = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.displayName,
      reason: "purge, worker killed",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    await waitForOrder(r.orderId, (o) => o.status === "provisioning", 20_000);
    // The DELETE has reached grommunio once the simulator took the slow rule (it counts a rule off
    // as the request arrives): only then is the worker mid-call.
    const until = Date.now() + 20_000;
    while ((await faultRules()).some((f) => f.path === path && f.ms === 40_000)) {
      if (Date.now() > until) throw new Error("the purge's DELETE never reached grommunio");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await a.kill();
    await startWorker(WORKER);
    const o = await waitForOrder(r.orderId, isFinal, 90_000);
    expect(o.status).toBe("succeeded");
    const attempts = await db().attempt.findMany({ where: { orderId: o.id }, orderBy: { number: "asc" } });
    const seen = attempts.map((x) => `${x.kind}:${x.outcome}`);
    expect(seen[0]).toBe("change:abandoned");
    expect(attempts.find((x) => x.outcome === "found")?.message).toMatch(/may still be running/);
    expect(seen.at(-1)).toBe("lookup:absent");
    // One DELETE reached grommunio: the counting rule was never used.
    expect((await faultRules()).find((f) => f.path === path)?.count).toBe(100);
    expect(await simDomain(s.upstreamRef)).toBeNull();
  }, 150_000);

  it("with the files when the administrator ticks it, and only then", async () => {
    const s = await grommunioDomain();
    const purge = { serviceId: s.id, idempotencyKey: `pur-${randomUUID()}`, confirmName: s.displayName };
    const r = await placePurge(admin, { ...purge, deleteFiles: true, reason: "files too, as asked" });
    if (!r.ok) throw new Error(JSON.stringify(r));
    // The same form sent again with the box unticked (its answer lost) is not that purge: it is
    // refused naming the order, which deletes the files; sent again as it was, it is that order.
    const unticked = await placePurge(admin, { ...purge, reason: "files too, as asked" });
    expect(unticked).toMatchObject({ ok: false, formError: expect.stringMatching(/also deletes the mailbox files/) });
    expect(JSON.stringify(unticked)).toContain(r.orderId);
    expect(await placePurge(admin, { ...purge, deleteFiles: true, reason: "files too, as asked" })).toMatchObject({
      ok: true,
      orderId: r.orderId,
      duplicate: true,
    });
    // The two choices sent at once with one key: whichever is placed, the other is refused,
    // whether it meets the first at the key's look-up or at the insert.
    const racing = await grommunioDomain();
    const raced = { serviceId: racing.id, idempotencyKey: `pur-${randomUUID()}`, confirmName: racing.displayName };
    const both = await Promise.all([
      placePurge(admin, { ...raced, deleteFiles: true, reason: "files too" }),
      placePurge(admin, { ...raced, reason: "keep the files" }),
    ]);
    expect(both.filter((x) => x.ok)).toHaveLength(1);
    const o = await waitForOrder(r.orderId, isFinal, 40_000);
    expect(o).toMatchObject({ status: "succeeded", payload: { purge: true, deleteFiles: true } });
    const [sent] = await db().attempt.findMany({ where: { orderId: o.id, kind: "change" } });
    expect(sent!.httpPath).toContain("purge=true&deleteFiles=true");
    expect(sent!.request).toMatchObject({ body: { purge: true, deleteFiles: true } });
    const ledger = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/ledger`)).json()) as {
      changed: { kind: string; ref: string; op: string }[];
    };
    // By kind too: a grommunio server's ID can equal the domain's, and other files change servers.
    const ofDomain = ledger.changed.filter((c) => c.kind === "domain" && c.ref === s.upstreamRef);
    expect(ofDomain.map((c) => c.op)).toEqual(["purge+files"]);
    const placed = await db().auditEvent.findFirstOrThrow({ where: { orderId: o.id, action: "order.placed" } });
    expect(placed).toMatchObject({ reason: "files too, as asked", after: { purge: true, deleteFiles: true } });
    // A reseller's delete never carries it, whatever the form sends.
    const other = await grommunioDomain();
    const fd = new FormData();
    fd.set("idempotencyKey", `del-${randomUUID()}`);
    fd.set("confirmName", other.displayName);
    fd.set("deleteFiles", "true");
    const soft = await placeChange(t.user, changeRequestFromForm(other.id, "delete", fd));
    if (!soft.ok) throw new Error(JSON.stringify(soft));
    expect((await db().order.findUniqueOrThrow({ where: { id: soft.orderId } })).payload).not.toHaveProperty(
      "deleteFiles",
    );
    await waitForOrder(soft.orderId, isFinal, 40_000);
  });

  it("a domain a reseller already deleted softly, which frees its name", async () => {
    const s = await grommunioDomain();
    await deleteSoftly(s);
    expect(await simDomain(s.upstreamRef)).toMatchObject({ domainStatus: 3 });
    // The reseller cannot touch it any more; the administrator can purge it.
    expect(
      await placeChange(t.user, {
        serviceId: s.id,
        action: "delete",
        idempotencyKey: `chg-${randomUUID()}`,
        confirmName: s.naturalKey,
      }),
    ).toMatchObject({ ok: false, formError: expect.stringContaining("ended") });
    const key = `pur-${randomUUID()}`;
    const r = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: key,
      confirmName: s.naturalKey,
      reason: "free it",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    // The same form submitted twice is the same order.
    expect(
      await placePurge(admin, { serviceId: s.id, idempotencyKey: key, confirmName: s.naturalKey, reason: "free it" }),
    ).toEqual({
      ok: true,
      orderId: r.orderId,
      duplicate: true,
    });
    expect((await waitForOrder(r.orderId, isFinal)).status).toBe("succeeded");
    expect(await simDomain(s.upstreamRef)).toBeNull();
    // Nothing is left to purge: a second purge is refused with the first one's order.
    expect(
      await placePurge(admin, {
        serviceId: s.id,
        idempotencyKey: `pur-${randomUUID()}`,
        confirmName: s.naturalKey,
        reason: "once more",
      }),
    ).toMatchObject({ ok: false, formError: expect.stringContaining(r.orderId) });
    // The name is free again: the reseller can order it anew.
    const anew = await place(t, "grommunio_domain", forms.grommunio_domain(s.naturalKey));
    if (!anew.ok) throw new Error(JSON.stringify(anew));
    expect((await waitForOrder(anew.orderId, isFinal)).status).toBe("succeeded");
  });

  it("acts on a softly deleted domain no longer once another live service holds it (restored and adopted)", async () => {
    const s = await grommunioDomain();
    // A suspend that failed before the delete: support may send it again much later.
    const oldSuspend = await makeOrder({
      tenant: t,
      kind: "grommunio_domain",
      action: "suspend",
      serviceId: s.id,
      status: "failed",
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
      payload: {},
    });
    const soft = await deleteSoftly(s);
    // grommunio's administrator restores the domain and support adopts it for a customer: another
    // service, live, with the same grommunio ID.
    const restored = await makeService({
      tenant: t,
      kind: "grommunio_domain",
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
    });
    const purge = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.naturalKey,
      reason: "free the name",
    });
    expect(purge).toMatchObject({ ok: false, formError: expect.stringContaining(restored.id) });
    expect((await deleteOrders(s.id)).map((o) => o.id)).toEqual([soft.orderId]);
    // The old suspend sent again would act on the live service's domain: refused, still failed.
    const retry = (o: { id: string; version: number }) =>
      retryOrderNow(support, { orderId: o.id, expectedVersion: o.version, reason: "again" });
    await expect(retry(oldSuspend)).rejects.toThrow(/has ended since/);
    expect((await db().order.findUniqueOrThrow({ where: { id: oldSuspend.id } })).status).toBe("failed");
    // So would a purge of the old service that failed before the adoption.
    const oldPurge = await makeOrder({
      tenant: t,
      kind: "grommunio_domain",
      action: "delete",
      serviceId: s.id,
      status: "failed",
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
      payload: { purge: true },
    });
    await expect(retry(oldPurge)).rejects.toThrow(restored.id);
    expect((await db().order.findUniqueOrThrow({ where: { id: oldPurge.id } })).status).toBe("failed");
    expect(await simDomain(s.upstreamRef)).toMatchObject({ domainStatus: 3 });
  });

  it("does not purge a softly deleted domain that grommunio's administrator restored since", async () => {
    const s = await grommunioDomain();
    await deleteSoftly(s);
    // Restored at grommunio, not (yet) adopted here: no other service holds it, so the purge is placed.
    expect((await grommunioApi("PATCH", `/system/domains/${s.upstreamRef}`, { domainStatus: 0 })).status).toBe(200);
    const r = await placePurge(admin, {
      serviceId: s.id,
      idempotencyKey: `pur-${randomUUID()}`,
      confirmName: s.naturalKey,
      reason: "free the name",
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    // The worker reads it first, finds it live and sends nothing.
    const done = await waitForOrder(r.orderId, isFinal);
    expect(done).toMatchObject({ status: "failed", lastError: expect.stringContaining("Not purged") });
    const attempts = await db().attempt.findMany({ where: { orderId: r.orderId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["lookup:found"]);
    expect(await simDomain(s.upstreamRef)).toMatchObject({ domainStatus: 0 });
  });

  it("refuses what cannot be purged", async () => {
    const r = await place(t, "grommunio_server", forms.grommunio_server());
    if (!r.ok) throw new Error(JSON.stringify(r));
    await waitForOrder(r.orderId, isFinal);
    const server = await db().service.findUniqueOrThrow({ where: { createOrderId: r.orderId } });
    expect(
      await placePurge(admin, {
        serviceId: server.id,
        idempotencyKey: `pur-${randomUUID()}`,
        confirmName: server.naturalKey,
        reason: "not a domain",
      }),
    ).toMatchObject({ ok: false, formError: expect.stringContaining("Only grommunio domains") });
  });
});

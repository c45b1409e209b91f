// A grommunio server's host name changes through the change pipeline (docs/lifecycle.md "Renaming
// a grommunio server"): placed like any change, read back after a lost answer, and on success the
// service takes the new name (lists, search, CSV, drift). Refused, saying what to do, while users
// or domains are homed on the server (at placing from the last reading, and by the worker's read
// before the PATCH), and while another server or server order of the portal holds the name
// (compared without case); a rename and a create of one name cannot both be placed; grommunio's
// own duplicate answer fails the order at once with a portal text.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { usableServerPage } from "@/lib/orders/usable-servers";
import { runDriftCheck } from "@/lib/services/drift";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { listServices } from "@/lib/services/service-list";
import { resellerServicesCsvStream } from "@/lib/services/services-csv";
import { retryOrderNow } from "@/lib/support/order-actions";
import { registerGrommunioServer } from "../../scripts/lib/shared-grommunio-server";
import { makeOrder, makeUser } from "../factories";
import { grommunioApi } from "./another-client";
import { callApi } from "./api-client";
import {
  fault,
  fileTenant,
  forms,
  isFinal,
  makeTenant,
  place,
  succeededService,
  type Tenant,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

const t = fileTenant({
  limits: { maxDomains: 5, maxServers: 20 },
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});
let other: Tenant;
beforeAll(async () => {
  other = await makeTenant({ limits: { maxServers: 20 } });
});

const server = async (who: Tenant = t, hostname = `mx${uniq()}.example.com`) =>
  (await succeededService(who, "grommunio_server", forms.grommunio_server(hostname))).service;
const rename = (serviceId: string, hostname: string, who: Tenant = t) =>
  placeChange(who.user, { serviceId, action: "change", idempotencyKey: `ren-${randomUUID()}`, form: { hostname } });
async function ran(placed: Awaited<ReturnType<typeof rename>>) {
  if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
  const order = await waitForOrder(placed.orderId, isFinal, 40_000);
  const attempts = await db().attempt.findMany({ where: { orderId: order.id }, orderBy: { number: "asc" } });
  return { order, attempts: attempts.map((a) => `${a.kind}:${a.outcome}`) };
}
async function upstreamHostname(ref: string): Promise<string | undefined> {
  const state = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
    servers: { ID: number; hostname: string }[];
  };
  return state.servers.find((s) => s.ID === Number(ref))?.hostname;
}
const named = (serviceId: string) =>
  db().service.findUniqueOrThrow({ where: { id: serviceId }, select: { naturalKey: true, displayName: true } });
/** grommunio answers the next PATCH of server `ref` only after `ms` (the rename stays open meanwhile). */
const slowPatch = (ref: string, ms: number) =>
  fault("grommunio", { method: "PATCH", path: `/system/servers/${ref}`, count: 1, action: "delay", ms });
/** Another reseller's server create order of `name`, in `status`, made as a row. */
const serverCreateOrder = (status: "held" | "failed", name: string) =>
  makeOrder({
    tenant: other,
    kind: "grommunio_server",
    status,
    naturalKey: name,
    payload: { hostname: name, extname: name },
  });
const TAKEN = /^The host name .+ is already taken in this portal/;

describe("renaming a grommunio server", () => {
  it("goes through placing and the worker, survives a lost answer, and the portal knows the server by its new name", async () => {
    const s = await server();
    expect((await refreshService(s)).ok).toBe(true);
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: t.reseller.id,
        url: "https://hooks.example/",
        events: ["service.changed"],
        sealedSecret: Buffer.from("unused"),
      },
    });
    const newName = `Renamed-${uniq()}.Example.com`;
    await fault("grommunio", {
      method: "PATCH",
      path: `/system/servers/${s.upstreamRef}`,
      count: 1,
      action: "drop-after-commit",
    });
    const c = await ran(await rename(s.id, newName));
    // Read first (nothing homed on it), the PATCH's answer lost, read back: applied, not sent again.
    expect(c).toMatchObject({
      order: { status: "succeeded" },
      attempts: ["lookup:found", "change:unknown", "lookup:found"],
    });
    expect(await upstreamHostname(s.upstreamRef)).toBe(newName);
    expect(await named(s.id)).toEqual({ naturalKey: newName.toLowerCase(), displayName: newName });
    // The service.changed event names the server by its new name, as the service row does.
    const events = await db().webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(events.map((e) => (e.payload as { data: { naturalKey: string } }).data.naturalKey)).toEqual([
      newName.toLowerCase(),
    ]);
    await db().webhookDelivery.deleteMany({ where: { endpointId: endpoint.id } });
    await db().webhookEndpoint.delete({ where: { id: endpoint.id } });

    // The services list, its search and its CSV read the service's name.
    const found = await listServices(t.reseller.id, { q: newName.slice(0, 16).toLowerCase() });
    expect(found.rows.map((r) => r.id)).toContain(s.id);
    expect((await listServices(t.reseller.id, { q: s.naturalKey })).rows.map((r) => r.id)).not.toContain(s.id);
    const csv = await new Response(resellerServicesCsvStream(t.reseller.id, { q: newName.toLowerCase() })).text();
    expect(csv).toContain(`"${newName}","${newName.toLowerCase()}"`);

    // The order form's home-server picker shows it by its new name and finds it by that name only.
    const picked = (search: string) =>
      usableServerPage(t.user, t.reseller.id, { search }).then((p) =>
        p.servers.filter((x) => x.orderId === s.createOrderId),
      );
    expect((await picked(newName.slice(0, 16).toLowerCase())).map((x) => x.label)).toEqual([newName]);
    expect(await picked(s.naturalKey)).toEqual([]);

    // The drift check keys servers by ID: the renamed server is neither changed nor unowned.
    expect((await runDriftCheck({ perPage: 100, pauseMs: 0 })).ran).toBe(true);
    expect(
      await db().driftFinding.count({
        where: { kind: "grommunio_server", upstreamRef: s.upstreamRef, resolvedAt: null },
      }),
    ).toBe(0);
  });

  it("is refused while domains are homed on the server: at placing from the last reading, by the worker's read before the PATCH", async () => {
    const s = await server();
    const domain = await succeededService(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserver: Number(s.upstreamRef) }),
    );
    expect(domain.order.status).toBe("succeeded");
    expect((await refreshService(s)).ok).toBe(true);
    const read = await db().service.findUniqueOrThrow({ where: { id: s.id } });
    expect(read.settings).toMatchObject({ domains: 1 });

    const refused = await rename(s.id, `moved-${uniq()}.example.com`);
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(/domains: 1.*move or purge its domains and users first/)] },
    });
    expect(await db().order.count({ where: { serviceId: s.id, action: "change" } })).toBe(0);
    // The external address stays changeable.
    const extname = `ext-${uniq()}.example.net`;
    const ext = await placeChange(t.user, {
      serviceId: s.id,
      action: "change",
      idempotencyKey: `ext-${randomUUID()}`,
      form: { extname },
    });
    expect((await ran(ext)).order.status).toBe("succeeded");

    // A reading from before the domain came: placed, then refused by the worker's own read, nothing sent.
    await db().service.update({
      where: { id: s.id },
      data: { settings: { ...(read.settings as object), domains: 0 } },
    });
    const c = await ran(await rename(s.id, `late-${uniq()}.example.com`));
    expect(c).toMatchObject({
      order: {
        status: "failed",
        lastError: expect.stringMatching(
          /^Not renamed: grommunio has users or domains homed on this server \(users: 0, domains: 1,/,
        ),
      },
      attempts: ["lookup:found"],
    });
    expect(await upstreamHostname(s.upstreamRef)).toBe(s.displayName);
    expect(await named(s.id)).toEqual({ naturalKey: s.naturalKey, displayName: s.displayName });
  });

  it("is refused, without regard to case, for a name another reseller's server or an open server order holds", async () => {
    const ours = await server();
    const theirs = await server(other, `Theirs-${uniq()}.example.com`);
    expect(await rename(ours.id, theirs.displayName.toUpperCase())).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(TAKEN)] },
    });
    // Another reseller's create order still on its way (held for a person).
    const pending = `pending-${uniq()}.example.com`;
    const open = await serverCreateOrder("held", pending);
    expect(await rename(ours.id, pending.toUpperCase())).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(TAKEN)] },
    });
    expect(await db().order.count({ where: { serviceId: ours.id, action: "change" } })).toBe(0);
    // Once that order is over, the name is free here (grommunio has no server of that name).
    await db().order.update({ where: { id: open.id }, data: { status: "cancelled" } });
    expect((await ran(await rename(ours.id, pending.toUpperCase()))).order.status).toBe("succeeded");
    expect(await named(ours.id)).toEqual({ naturalKey: pending, displayName: pending.toUpperCase() });
  });

  it("and a create of the same name cannot both be placed: the one placed second is refused", async () => {
    const a = await server();
    const b = await server();
    const target = `Target-${uniq()}.example.com`;
    // a's rename stays open: grommunio is slow to answer it.
    await slowPatch(a.upstreamRef, 2500);
    const first = await rename(a.id, target);
    expect(first.ok).toBe(true);
    expect(await rename(b.id, target.toLowerCase())).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(TAKEN)] },
    });
    expect(await place(other, "grommunio_server", forms.grommunio_server(target.toUpperCase()))).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(TAKEN)] },
    });
    expect((await ran(first)).order.status).toBe("succeeded");
    // Now the live server holds it.
    expect(await rename(b.id, target)).toMatchObject({
      ok: false,
      fieldErrors: { hostname: [expect.stringMatching(TAKEN)] },
    });

    // Placed at the same moment: exactly one of the two goes through, whichever takes the name first.
    // The rename is kept open (grommunio answers it slowly): one that already finished would make
    // the name a live server's, and a create of a live server's name is not refused at placing
    // (the form warns, grommunio refuses it), which is another case than the race this is about.
    for (let round = 0; round < 5; round++) {
      const c = await server();
      const name = `race-${uniq()}.example.com`;
      await slowPatch(c.upstreamRef, 1200);
      const [renamed, created] = await Promise.all([
        rename(c.id, name),
        place(other, "grommunio_server", forms.grommunio_server(name)),
      ]);
      expect([renamed.ok, created.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
      const loser = renamed.ok ? created : renamed;
      expect(loser).toMatchObject({ fieldErrors: { hostname: [expect.stringMatching(TAKEN)] } });
      const winner = renamed.ok ? renamed : created;
      if (winner.ok) await waitForOrder(winner.orderId, isFinal, 40_000);
    }
  });

  it("and a create of the same name are held to it when support sends a failed one again", async () => {
    const support = await makeUser("support");
    const a = await server();
    const b = await server();
    const version = async (id: string) => (await db().order.findUniqueOrThrow({ where: { id } })).version;
    // Support's Retry of a failed order, at the version it shows.
    const retryAgain = async (orderId: string) =>
      retryOrderNow(support, { orderId, expectedVersion: await version(orderId), reason: "again" });
    // A create that failed, and a rename of a to its name placed since (kept open: grommunio is slow).
    const name = `again-${uniq()}.example.com`;
    const failedCreate = await serverCreateOrder("failed", name);
    await slowPatch(a.upstreamRef, 2000);
    const renaming = await rename(a.id, name);
    expect(renaming.ok).toBe(true);
    await expect(retryAgain(failedCreate.id)).rejects.toThrow(TAKEN);
    expect((await db().order.findUniqueOrThrow({ where: { id: failedCreate.id } })).status).toBe("failed");
    expect((await ran(renaming)).order.status).toBe("succeeded");

    // A rename that failed, and a create of its name placed since (held for a person: still open).
    const other2 = `again2-${uniq()}.example.com`;
    const failedRename = await makeOrder({
      tenant: t,
      kind: "grommunio_server",
      status: "failed",
      action: "change",
      serviceId: b.id,
      upstreamRef: b.upstreamRef,
      naturalKey: b.naturalKey,
      payload: { set: { hostname: other2 } },
    });
    const held = await serverCreateOrder("held", other2);
    await expect(retryAgain(failedRename.id)).rejects.toThrow(TAKEN);
    expect((await db().order.findUniqueOrThrow({ where: { id: failedRename.id } })).status).toBe("failed");
    await db().order.update({ where: { id: held.id }, data: { status: "cancelled" } });
  });

  it("fails at once with a portal text when grommunio answers that another server has the name", async () => {
    const s = await server();
    // A server the portal does not know, made at grommunio by someone else.
    const foreign = `foreign-${uniq()}.example.com`;
    const foreignId = await registerGrommunioServer(foreign);
    try {
      const c = await ran(await rename(s.id, foreign.toUpperCase()));
      expect(c).toMatchObject({
        order: {
          status: "failed",
          lastError: `grommunio already has a server named ${foreign.toUpperCase()} (host names are compared without case), so this server was not renamed: choose another host name and order the change again.`,
          fieldErrors: { hostname: [{ key: "hostnameTaken", values: { name: foreign.toUpperCase() } }] },
        },
        // Never retried: the PATCH was refused and rolled back.
        attempts: ["lookup:found", "change:rejected"],
      });
      expect(await upstreamHostname(s.upstreamRef)).toBe(s.displayName);
      expect(await named(s.id)).toEqual({ naturalKey: s.naturalKey, displayName: s.displayName });
    } finally {
      await grommunioApi("DELETE", `/system/servers/${foreignId}`);
    }
  });

  it("goes through the reseller API's change endpoint, with the same refusals", async () => {
    const s = await server();
    const theirs = await server(other);
    const created = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `rename-${randomUUID()}`, scopes: ["services:read", "services:write", "orders:read"] },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const change = (hostname: string) =>
      callApi("POST", `/services/${s.id}/changes`, {
        token: created.token,
        body: { action: "change", set: { hostname } },
        headers: { "idempotency-key": `api-${randomUUID()}` },
      });
    const refused = await change(theirs.naturalKey.toUpperCase());
    expect(refused.status).toBe(422);
    expect(refused.body.errors["set.hostname"]).toEqual([expect.stringMatching(TAKEN)]);
    const newName = `api-${uniq()}.example.com`;
    const placed = await change(newName);
    expect(placed.status).toBe(202);
    const order = await waitForOrder(placed.body.id, isFinal, 40_000);
    expect(order.status).toBe("succeeded");
    expect(await upstreamHostname(s.upstreamRef)).toBe(newName);
    expect(await named(s.id)).toEqual({ naturalKey: newName, displayName: newName });
  });
});

describe("the grommunio simulator's PATCH of a server", () => {
  it("takes hostname and extname, refuses another server's name without case, answers 503 for what the column cannot hold", async () => {
    const call = async (method: string, path: string, body?: Record<string, unknown>) => {
      const r = await grommunioApi(method, path, body);
      return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
    };
    const one = `sim-a-${uniq()}.example.com`;
    const two = `sim-b-${uniq()}.example.com`;
    const a = await call("POST", "/system/servers", { hostname: one, extname: one });
    const b = await call("POST", "/system/servers", { hostname: two, extname: two });
    expect([a.status, b.status]).toEqual([201, 201]);
    try {
      const renamed = `Sim-C-${uniq()}.example.com`;
      expect(await call("PATCH", `/system/servers/${a.json.ID}`, { hostname: renamed })).toEqual({
        status: 200,
        json: { ID: a.json.ID, hostname: renamed, extname: one, users: 0, domains: 0 },
      });
      // Its own name in another case is no duplicate of itself.
      expect((await call("PATCH", `/system/servers/${a.json.ID}`, { hostname: renamed.toLowerCase() })).status).toBe(
        200,
      );
      expect(await call("PATCH", `/system/servers/${a.json.ID}`, { hostname: two.toUpperCase() })).toEqual({
        status: 400,
        json: {
          message: "Could not update: invalid data",
          error: `Duplicate entry '${two.toUpperCase()}' for key 'hostname'`,
        },
      });
      for (const hostname of [`${"a".repeat(250)}.example.com`, "mü.example.com"])
        expect(await call("PATCH", `/system/servers/${a.json.ID}`, { hostname })).toEqual({
          status: 503,
          json: { message: "Database error." },
        });
      expect((await call("GET", `/system/servers/${a.json.ID}`)).json).toMatchObject({
        hostname: renamed.toLowerCase(),
      });
    } finally {
      await call("DELETE", `/system/servers/${a.json.ID}`);
      await call("DELETE", `/system/servers/${b.json.ID}`);
    }
  });
});

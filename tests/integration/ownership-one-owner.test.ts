// Behaviour 2, "one resource, one owner" (docs/reliability.md "Ownership"): the database refuses
// a second live order holding the same upstream resource; the worker refuses to adopt a resource
// another order holds; support's "mark resolved" verifies the reference upstream and goes
// through the same rule.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isOwnershipConflict } from "@/lib/orders/ownership";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { registerGrommunioServer, shareGrommunioServer } from "../../scripts/lib/shared-grommunio-server";
import { makeService, makeUser } from "../factories";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import {
  fault,
  faultFileHooks,
  forms,
  ledgerFor,
  makeTenant,
  placeServiceDelete,
  type Tenant,
  uniq,
} from "./pipeline-fixtures";

let alpine: Tenant;
let baltic: Tenant;
let support: Awaited<ReturnType<typeof makeUser>>;
const ctx = inProcessContext();

faultFileHooks(async () => {
  alpine = await makeTenant();
  baltic = await makeTenant();
  support = await makeUser("support");
});

/** An order placed and provisioned to succeeded, with its upstream reference. */
async function succeededDomain(t: Tenant, name: string) {
  const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
  await runNow(id, ctx);
  const o = await orderRow(id);
  expect(o.status).toBe("succeeded");
  return { id, ref: o.upstreamRef! };
}

describe("one resource, one owner", () => {
  it("the database refuses a second live order holding the same provider, kind and reference", async () => {
    const { ref } = await succeededDomain(alpine, `o${uniq()}.example.com`);
    const other = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain());
    const err = await db()
      .order.update({ where: { id: other }, data: { upstreamRef: ref } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isOwnershipConflict(err)).toBe(true);
    // A cancelled order holds nothing: it may keep a reference without blocking anyone.
    await db().order.update({ where: { id: other }, data: { status: "cancelled" } });
    await db().order.update({ where: { id: other }, data: { upstreamRef: ref } });
  });

  it("adoption after a lost answer is refused when another order already holds the name", async () => {
    const name = `a${uniq()}.example.com`;
    const first = await succeededDomain(alpine, name);
    // Baltic orders the same name; its create never arrives, but the worker cannot know that.
    const id = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    // The holder is another reseller's order: Baltic is told, without that order's id.
    expect(o.lastError).toContain(`(upstream reference ${first.ref}) already belongs to another order`);
    expect(o.lastError).not.toContain(first.id);
    expect((await attemptsOf(id)).at(-1)).toMatchObject({ kind: "lookup", outcome: "found" });
    expect(await orderRow(first.id)).toMatchObject({ status: "succeeded", upstreamRef: first.ref });
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1);
  });

  it("a name whose service was deleted is free again: its new resource is adopted after a lost answer", async () => {
    const name = `d${uniq()}.example.com`;
    const first = await succeededDomain(alpine, name);
    const service = await db().service.findUniqueOrThrow({ where: { createOrderId: first.id } });
    const del = await placeServiceDelete(alpine, service);
    for (let i = 0; i < 10 && (await orderRow(del)).status !== "succeeded"; i++) await runNow(del, ctx);
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "deleted" });

    // Ordered again; the create commits upstream but its answer is lost.
    const id = await placeOrThrow(alpine, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const o = await orderRow(id);
    // The deleted service's create order still carries the name, but holds it no longer.
    expect(o).toMatchObject({ status: "succeeded" });
    expect(o.upstreamRef).not.toBe(first.ref);
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(2);
  });

  it("the refusal names the holding order when it is the same reseller's", async () => {
    const name = `s${uniq()}.example.com`;
    const first = await succeededDomain(alpine, name);
    const id = await placeOrThrow(alpine, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    expect(o.lastError).toContain(`already belongs to order ${first.id}`);
  });

  it("a service support adopted holds its resource: the worker's adoption and mark resolved say so", async () => {
    const name = `v${uniq()}.example.com`;
    // Made outside the portal, then adopted by support from a drift finding: a service, no order.
    const created = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(name));
    const ref = String(created.json.resource_code);
    await makeService({ tenant: alpine, naturalKey: name, upstreamRef: ref });
    const id = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    expect(o.lastError).toBe(
      `${name} (upstream reference ${ref}) already belongs to a service support adopted from the provider, so this order cannot take it. Check that service.`,
    );
    await expect(
      resolveOrderByHand(support, { orderId: id, expectedVersion: o.version, reason: "found it", upstreamRef: ref }),
    ).rejects.toThrow("already belongs to a service support adopted from the provider");
  });

  it("a server an admin shared is the provider's: a server order's lookup does not take it over", async () => {
    const hostname = `mx${uniq()}.example.com`;
    const serverId = await registerGrommunioServer(hostname);
    const admin = await makeUser("admin");
    await shareGrommunioServer(admin, alpine.reseller.id, serverId, hostname);
    const id = await placeOrThrow(baltic, "grommunio_server", { hostname, extname: hostname });
    await fault("grommunio", { method: "POST", path: "/system/servers", count: 1, action: "drop-before" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o).toMatchObject({ status: "failed", upstreamRef: null });
    expect(o.lastError).toBe(
      `${hostname} (upstream reference ${serverId}) is a server the provider shares with resellers, so this order cannot take it. Order the server under another name.`,
    );
  });

  it("support's mark resolved refuses a reference another order holds", async () => {
    const { id: holder, ref } = await succeededDomain(alpine, `h${uniq()}.example.com`);
    const stuck = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain());
    await db().order.update({ where: { id: stuck }, data: { status: "failed" } });
    await expect(
      resolveOrderByHand(support, { orderId: stuck, expectedVersion: 0, reason: "found it", upstreamRef: ref }),
    ).rejects.toThrow(`already belongs to order ${holder}`);
    expect(await orderRow(stuck)).toMatchObject({ status: "failed", upstreamRef: null });
  });

  it("support's mark resolved verifies the reference upstream: absent, another code, other settings", async () => {
    const name = `v${uniq()}.example.com`;
    const id = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain(name)); // plan professional
    await db().order.update({ where: { id }, data: { status: "failed" } });
    const input = { orderId: id, expectedVersion: 0, reason: "found it" };
    await expect(resolveOrderByHand(support, { ...input, upstreamRef: "D000000001" })).rejects.toThrow(
      `Nothing named ${name} exists upstream`,
    );
    const created = await createUpstream("qboxmail", "/api/domains", { ...forms.qboxmail_domain(name), plan: "basic" });
    const code = String(created.json.resource_code);
    await expect(resolveOrderByHand(support, { ...input, upstreamRef: "D999999999" })).rejects.toThrow(
      `has the reference ${code}, not D999999999`,
    );
    await expect(resolveOrderByHand(support, { ...input, upstreamRef: code })).rejects.toThrow(
      'plan: "basic" upstream, "professional" ordered',
    );
    expect(await orderRow(id)).toMatchObject({ status: "failed", upstreamRef: null });
  });

  it("support's mark resolved accepts the verified reference of this order's resource", async () => {
    const name = `ok${uniq()}.example.com`;
    const id = await placeOrThrow(baltic, "qboxmail_domain", forms.qboxmail_domain(name));
    await db().order.update({ where: { id }, data: { status: "held" } });
    const created = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(name));
    const code = String(created.json.resource_code);
    await resolveOrderByHand(support, { orderId: id, expectedVersion: 0, reason: "made by hand", upstreamRef: code });
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: code });
  });
});

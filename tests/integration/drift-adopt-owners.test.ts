// Support's adoption of an unowned resource from a drift finding asks the one-owner rule's other
// holders (docs/reliability.md "One resource, one owner"), not only the live services: a server an
// administrator shared with resellers since the drift run listed it is refused, and so is a name
// a create order is still on its way for. Neither case asks the provider.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { makeOrder, makeTenant, makeUser } from "../factories";
import { adoptAsPageWould } from "../support/finding-seen";

afterAll(async () => {
  await disconnectDb();
});

async function unowned(kind: "grommunio_server" | "qboxmail_domain", upstreamRef: string, naturalKey: string) {
  return db().driftFinding.create({
    data: {
      provider: kind === "grommunio_server" ? "grommunio" : "qboxmail",
      kind,
      upstreamRef,
      naturalKey,
      type: "unowned",
    },
  });
}

describe("adopting an unowned resource", () => {
  it("is refused for a server an administrator shares with resellers", async () => {
    const support = await makeUser("support");
    const admin = await makeUser("admin");
    const t = await makeTenant();
    const serverId = 900_000 + Math.floor(Math.random() * 90_000);
    await db().sharedGrommunioServer.create({
      data: { resellerId: t.reseller.id, serverId, label: "mx.shared.example", sharedById: admin.id },
    });
    const f = await unowned("grommunio_server", String(serverId), "mx.shared.example");
    const done = await adoptAsPageWould(support, f.id, t.customer.id, "Ours, found by the drift check");
    expect(done).toEqual({ ok: false, message: expect.stringContaining(`Server ${serverId} is shared`) });
    expect(await db().service.count({ where: { kind: "grommunio_server", upstreamRef: String(serverId) } })).toBe(0);
    await db().driftFinding.update({ where: { id: f.id }, data: { resolvedAt: new Date(), resolution: "dismissed" } });
  });

  it("is refused while a create order for the name is on its way", async () => {
    const support = await makeUser("support");
    const t = await makeTenant();
    const order = await makeOrder({ tenant: t, status: "queued" });
    const f = await unowned("qboxmail_domain", "D900000001", order.naturalKey);
    const done = await adoptAsPageWould(support, f.id, t.customer.id, "Ours, found by the drift check");
    expect(done).toEqual({ ok: false, message: expect.stringContaining(`already on its way (order ${order.id})`) });
    expect(await db().service.count({ where: { kind: "qboxmail_domain", upstreamRef: "D900000001" } })).toBe(0);
    await db().driftFinding.update({ where: { id: f.id }, data: { resolvedAt: new Date(), resolution: "dismissed" } });
  });
});

// The settings support's re-create orders (lib/services/settings-since-create.ts): the create's,
// with each change that succeeded laid over them in the order the changes applied, which is the
// order they ended in. A change that failed and was sent again after a later one succeeded
// applied last, so its value is the one the provider ended with.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settingsSinceCreate } from "@/lib/services/settings-since-create";
import { makeOrder, makeService, makeTenant } from "../factories";

async function succeededChange(
  tenant: Awaited<ReturnType<typeof makeTenant>>,
  serviceId: string,
  maxUser: number,
  placedAt: Date,
  endedAt: Date,
) {
  const o = await makeOrder({
    tenant,
    kind: "grommunio_domain",
    action: "change",
    serviceId,
    status: "succeeded",
    payload: { set: { maxUser } },
    createdAt: placedAt,
  });
  await db().order.update({ where: { id: o.id }, data: { finishedAt: endedAt } });
}

describe("settings since the create", () => {
  it("lays the changes over the create in the order they ended, not the order they were placed", async () => {
    const t = await makeTenant();
    const s = await makeService({ tenant: t, kind: "grommunio_domain" });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 10, minutes));
    // Placed first, failed, sent again by support after the second one had succeeded.
    await succeededChange(t, s.id, 20, at(0), at(30));
    await succeededChange(t, s.id, 30, at(10), at(11));
    expect(await settingsSinceCreate(s.id, "grommunio_domain", { maxUser: 10, title: "kept" })).toEqual({
      maxUser: 20,
      title: "kept",
    });
  });
});

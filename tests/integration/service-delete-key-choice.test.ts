// A delete repeated with its idempotency key is that delete only when it chooses alike: soft or
// purge, with or without the mailbox files (sameDeleteChoice in lib/services/place-change.ts, as a
// racing repeat and an administrator's purge are judged; docs/lifecycle.md "Purge"). A reseller's
// soft delete sent with the key an administrator's purge holds is another request, not answered
// with the purge as if the reseller had placed it.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { makeOrder, makeService, makeTenant } from "../factories";
import { quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
});

describe("a repeated delete's key", () => {
  it("answers the soft delete that holds it, and refuses it when a purge holds it", async () => {
    const t = await makeTenant();
    const service = await makeService({ tenant: t, kind: "grommunio_domain" });
    const holder = (payload: { purge: boolean; deleteFiles?: boolean }) =>
      makeOrder({
        tenant: t,
        kind: "grommunio_domain",
        action: "delete",
        serviceId: service.id,
        status: "succeeded",
        payload,
      });
    const softDelete = (idempotencyKey: string) =>
      placeChange(t.user, { serviceId: service.id, action: "delete", idempotencyKey, confirmName: service.naturalKey });

    const soft = await holder({ purge: false });
    expect(await softDelete(soft.idempotencyKey!)).toEqual({ ok: true, orderId: soft.id, duplicate: true });

    for (const payload of [{ purge: true }, { purge: true, deleteFiles: true }]) {
      const purge = await holder(payload);
      expect(await softDelete(purge.idempotencyKey!), JSON.stringify(payload)).toMatchObject({
        ok: false,
        refusal: "keyUsedForAnother",
        keyHolder: purge.id,
      });
    }
    expect(await db().order.count({ where: { serviceId: service.id } })).toBe(3);
  });
});

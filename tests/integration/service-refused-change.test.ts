// What the service page's change forms start from after the provider refused a change
// (refusedChange in lib/services/queries.ts, docs/lifecycle.md "Changes are orders"): the service's
// last order when it is a failed change whose problems name a field, for its own reseller only.
// A refusal of the request as a whole names no field, so there is nothing of a form to start from.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, type Prisma } from "@/lib/db";
import { FORM_KEY } from "@/lib/forms/field-errors";
import { refusedChange } from "@/lib/services/queries";
import { makeOrder, makeService, makeTenant } from "../factories";

afterAll(async () => {
  await disconnectDb();
});

async function failedChange(fieldErrors: Prisma.InputJsonObject) {
  const t = await makeTenant();
  const service = await makeService({ tenant: t, kind: "grommunio_domain" });
  const order = await makeOrder({
    tenant: t,
    kind: "grommunio_domain",
    action: "change",
    serviceId: service.id,
    status: "failed",
    payload: { set: { title: "Studio Rossi", chat: true } },
  });
  await db().order.update({ where: { id: order.id }, data: { fieldErrors } });
  return { t, service, order };
}

describe("a refused change, as the service page starts from it", () => {
  it("is the last order when it failed on named fields, for its reseller only", async () => {
    const problems = { chat: [{ key: "chatNeedsActiveDomain" }] };
    const { t, service, order } = await failedChange(problems);
    expect(await refusedChange(t.reseller.id, service.id)).toEqual({
      orderId: order.id,
      set: { title: "Studio Rossi", chat: true },
      fieldErrors: problems,
    });
    const other = await makeTenant();
    expect(await refusedChange(other.reseller.id, service.id)).toBeUndefined();
  });

  it("is nothing when the refusal names no field, only the request as a whole", async () => {
    const { t, service } = await failedChange({ [FORM_KEY]: [{ quote: "Bad Request" }] });
    expect(await refusedChange(t.reseller.id, service.id)).toBeUndefined();
  });
});

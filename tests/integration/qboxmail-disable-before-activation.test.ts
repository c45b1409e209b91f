// Qboxmail disables a domain only once it is active: a disable of a domain still waiting for its
// ownership check is refused upstream with a 422 that names no reason (docs/upstream/qboxmail-lifecycle.md
// "A domain is disabled only once it is active"). Placing one is refused by the portal with the
// reason and what to do, and nothing is sent; once the domain is active, the same request places.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";
import { publishAndCheckOwnership } from "./qboxmail-sim";

const t = fileTenant({ worker: {} });
const actor = { type: "worker" as const, id: "disable-test-worker", label: "activation re-check" };
const suspend = (serviceId: string) =>
  placeChange(t.user, { serviceId, action: "suspend", idempotencyKey: `sus-${randomUUID()}` });

describe("disabling a Qboxmail domain that waits for its ownership check", () => {
  it("is refused with the reason and nothing is sent; once the domain is active it is placed and applied", async () => {
    const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`dis${uniq()}.example.com`));
    const first = await refreshService(service);
    expect(first).toMatchObject({ ok: true, state: "ownership_check" });

    expect(await suspend(service.id)).toEqual({
      ok: false,
      fieldErrors: {},
      formError: said("disableWaitsForActivation"),
    });
    expect(await db().order.count({ where: { serviceId: service.id, action: "suspend" } })).toBe(0);

    // The owner publishes the record and Qboxmail activates the domain; the stored reading still
    // says "waiting" until something reads it, and placing reads it again rather than refuse.
    const record = String(first.ok && first.settings.possession_a_record);
    const checked = await publishAndCheckOwnership(service, record, actor);
    expect(checked).toMatchObject({ ok: true, state: "active" });
    await db().service.update({ where: { id: service.id }, data: { upstreamState: "ownership_check", readAt: null } });

    const placed = await suspend(service.id);
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    expect(await waitForOrder(placed.orderId, isFinal)).toMatchObject({ status: "succeeded" });
  });
});

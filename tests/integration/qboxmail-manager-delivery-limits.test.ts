// A Qboxmail manager's Delivery limits (`max_delivery_domains`, `max_delivery_accounts`): the
// manager update takes them, the create does not (docs/upstream/qboxmail-lifecycle.md). A change
// placed from the service page's form or with the API's names reaches the simulator, which stores
// them; the service page's reading shows them; a wrong value is refused on its field and sends
// nothing.

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changeFields, changeRequestFromForm, SHOWN_FIELD, shownValues } from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { fileTenant, forms, isFinal, succeededService, waitForOrder } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({ limits: { maxDomains: 4 }, worker: { UPSTREAM_TIMEOUT_MS: "3000" } });

/** The manager as the simulator holds it now. */
async function upstreamManager(code: string): Promise<Record<string, unknown>> {
  const r = await qboxClient().getManager(code);
  if (r.kind !== "found") throw new Error(`manager ${code}: ${r.kind}`);
  return r.data as Record<string, unknown>;
}

describe("a Qboxmail manager's Delivery limits", () => {
  it("are set by a change from the service page's form and held by Qboxmail", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const code = s.upstreamRef!;
    // A new manager has none set: the create does not take them.
    expect(await upstreamManager(code)).toMatchObject({ max_delivery_domains: -1, max_delivery_accounts: -1 });
    const reading = await refreshService({
      id: s.id,
      kind: "qboxmail_manager",
      upstreamRef: code,
      naturalKey: s.naturalKey,
    });
    if (!reading.ok) throw new Error(reading.message);
    expect(reading.settings).toMatchObject({ max_delivery_domains: -1, max_delivery_accounts: -1 });

    // The form as the page renders it: the two limits are on it, shown as read; the person unticks
    // "No limit" of the first and types 3, and leaves the second as it was.
    const fields = changeFields("qboxmail_manager");
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(["max_delivery_domains", "max_delivery_accounts"]),
    );
    const fd = new FormData();
    fd.set("idempotencyKey", `dl-${randomUUID()}`);
    fd.set(SHOWN_FIELD, JSON.stringify(shownValues(fields, reading.settings)));
    fd.set("max_delivery_domains", "3");
    fd.set("max_delivery_accounts", "");
    fd.set("max_delivery_accounts~none", "true");
    const placed = await placeChange(t.user, changeRequestFromForm(s.id, "change", fd));
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const done = await waitForOrder(placed.orderId, isFinal, 40_000);
    expect(done.status).toBe("succeeded");
    expect(done.payload).toEqual({ set: { max_delivery_domains: 3 } });
    expect(await upstreamManager(code)).toMatchObject({ max_delivery_domains: 3, max_delivery_accounts: -1 });
    // The attempt keeps what was sent.
    const attempt = await db().attempt.findFirstOrThrow({ where: { orderId: done.id, kind: "change" } });
    expect(attempt.request).toMatchObject({ action: "change", body: { max_delivery_domains: 3 } });
  });

  it("are set with the API's names, back to no limit as well, and a wrong value is refused on its field", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const code = s.upstreamRef!;
    const change = (form: Record<string, unknown>) =>
      placeChange(t.user, { serviceId: s.id, action: "change", idempotencyKey: `dl-${randomUUID()}`, form });

    const both = await change({ max_delivery_domains: 12, max_delivery_accounts: 40 });
    if (!both.ok) throw new Error(JSON.stringify(both));
    expect((await waitForOrder(both.orderId, isFinal, 40_000)).status).toBe("succeeded");
    expect(await upstreamManager(code)).toMatchObject({ max_delivery_domains: 12, max_delivery_accounts: 40 });

    const unlimited = await change({ max_delivery_accounts: -1 });
    if (!unlimited.ok) throw new Error(JSON.stringify(unlimited));
    expect((await waitForOrder(unlimited.orderId, isFinal, 40_000)).status).toBe("succeeded");
    expect(await upstreamManager(code)).toMatchObject({ max_delivery_domains: 12, max_delivery_accounts: -1 });

    const before = await db().order.count({ where: { serviceId: s.id } });
    for (const wrong of [-2, 1.5, 2_147_483_648]) {
      const refused = await change({ max_delivery_domains: wrong });
      expect(refused).toMatchObject({ ok: false, fieldErrors: { max_delivery_domains: [expect.any(String)] } });
    }
    expect(await db().order.count({ where: { serviceId: s.id } })).toBe(before);
  });

  it("the simulator refuses what the contract does not allow (an int32, -1 = no limit)", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const r = await qboxClient().updateManager(s.upstreamRef!, {
      max_delivery_domains: -5,
      max_delivery_accounts: 2_147_483_648,
    });
    expect(r.kind).toBe("rejected");
    if (r.kind === "rejected")
      expect(Object.keys(r.fieldErrors).sort()).toEqual(["max_delivery_accounts", "max_delivery_domains"]);
    expect(await upstreamManager(s.upstreamRef!)).toMatchObject({
      max_delivery_domains: -1,
      max_delivery_accounts: -1,
    });
  });
});

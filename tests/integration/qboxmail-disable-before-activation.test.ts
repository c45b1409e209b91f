// Qboxmail disables a domain only once it is active: a disable of a domain still waiting for its
// ownership check is refused upstream with a 422 that names no reason (docs/upstream/qboxmail-lifecycle.md
// "A domain is disabled only once it is active"). Placing one is refused by the portal with the
// reason and what to do, and nothing is sent; once the domain is active, the same request places.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { callApi } from "./api-client";
import { fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";
import { publishAndCheckOwnership } from "./qboxmail-sim";

const t = fileTenant({ worker: {} });
const actor = { type: "worker" as const, id: "disable-test-worker", label: "activation re-check" };
const suspend = (serviceId: string) =>
  placeChange(t.user, { serviceId, action: "suspend", idempotencyKey: `sus-${randomUUID()}` });

describe("disabling a Qboxmail domain that waits for its ownership check", () => {
  it("is refused with the reason and nothing is sent; once the domain is active it is placed and applied", async () => {
    const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`dis${uniq()}.example.com`));
    // Never read yet (an API client disabling the domain it just placed): placing reads it now.
    await db().service.update({ where: { id: service.id }, data: { upstreamState: null, readAt: null } });
    expect(await suspend(service.id)).toMatchObject({ ok: false, refusal: "waitsForActivation" });
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      upstreamState: "ownership_check",
    });
    const first = await refreshService(service);
    expect(first).toMatchObject({ ok: true, state: "ownership_check" });

    expect(await suspend(service.id)).toEqual({
      ok: false,
      fieldErrors: {},
      formError: said("disableWaitsForActivation"),
      refusal: "waitsForActivation",
    });
    // Through the API: the service's state, not the request's fault, so a 409 that says why.
    const created = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `disable-${randomUUID()}`, scopes: ["services:read", "services:write", "orders:read"] },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const answer = await callApi("POST", `/services/${service.id}/changes`, {
      token: created.token,
      body: { action: "suspend" },
      headers: { "idempotency-key": `api-${randomUUID()}` },
    });
    expect(answer.status).toBe(409);
    // In the API's words: the portal's sentence points at the service page's "Check now".
    expect(answer.body.detail).toBe(
      "This domain is still waiting for its ownership check, and Qboxmail disables a domain only once it is active, " +
        "so nothing was placed. Once the ownership record shown on the domain's page in the portal is published, " +
        `the portal checks it by itself: GET /api/v1/services/${service.id} shows \`upstreamState\`; send the suspend again once it ` +
        `no longer reads \`ownership_check\`. To stop the domain for good instead, delete it: POST /api/v1/services/${service.id}/changes ` +
        'with {"action": "delete", "confirmName": "<the service\'s name>"}.',
    );
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

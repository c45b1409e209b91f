// A change of a Qboxmail manager's domains sends the whole list, and Qboxmail replaces the
// manager's set with it (docs/upstream/qboxmail-lifecycle.md "A manager's domains"). So a list is
// never sent unless the manager's reading listed the domains it holds, and a domain it holds
// outside the portal (given to it in Qboxmail's panel) can be kept by sending it again.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { v } from "@/lib/i18n/validation";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { createUpstream } from "./another-client";
import { fault, fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ limits: { maxDomains: 3 }, worker: {} });

// Straight to the simulator, as Qboxmail's panel or another client would; a body is JSON.
const qbox = (path: string, init: RequestInit = {}) =>
  fetch(`${process.env.QBOXMAIL_API_URL}${path}`, {
    ...init,
    headers: {
      ...(init.body ? { "content-type": "application/json" } : {}),
      "x-api-token": process.env.QBOXMAIL_API_TOKEN!,
    },
  });

async function managerDomains(code: string): Promise<unknown> {
  return ((await (await qbox(`/api/managers/${code}`)).json()) as { resources: { domain_codes?: unknown }[] })
    .resources[0]?.domain_codes;
}

const change = (serviceId: string, form: Record<string, unknown>) =>
  placeChange(t.user, { serviceId, action: "change", idempotencyKey: `chg-${randomUUID()}`, form });

describe("a Qboxmail manager's domain list", () => {
  it("is refused while the manager's reading does not list its domains; its other fields still change", async () => {
    const dom = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`ml${uniq()}.example.com`)))
      .service;
    const manager = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    await qbox(`/api/managers/${manager.upstreamRef}`, {
      method: "PUT",
      body: JSON.stringify({ domain_codes: [dom.upstreamRef] }),
    });
    // Qboxmail answers the manager's reads without its domains (the read is assumed, not documented).
    const withoutDomains = { code: manager.upstreamRef, email_address: manager.naturalKey, status: "enabled" };
    await fault("qboxmail", {
      method: "GET",
      path: `/api/managers/${manager.upstreamRef}`,
      count: 2,
      action: "status",
      status: 200,
      body: { resources: [withoutDomains] },
    });
    expect((await refreshService(manager)).ok).toBe(true);

    // Emptied in the form, the list would take the domain away: refused, placed nothing.
    const refused = await change(manager.id, { domain_codes: "" });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { domain_codes: [v("managerDomainsUnread")] } });
    expect(await db().order.count({ where: { serviceId: manager.id, action: "change" } })).toBe(0);
    expect(await managerDomains(manager.upstreamRef)).toEqual([dom.upstreamRef]);

    const limits = await change(manager.id, { max_domains: "4" });
    if (!limits.ok) throw new Error(JSON.stringify(limits));
    expect(await waitForOrder(limits.orderId, isFinal, 40_000)).toMatchObject({ status: "succeeded" });
    expect(await managerDomains(manager.upstreamRef)).toEqual([dom.upstreamRef]);
  });

  it("keeps a domain the manager holds outside the portal when the list is sent again with one more", async () => {
    const ours = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`mo${uniq()}.example.com`)))
      .service;
    // A domain made and given to the manager in Qboxmail's panel: no service of the portal.
    const made = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(`mp${uniq()}.example.com`));
    expect(made.status).toBe(201);
    const theirs = String(made.json.resource_code);
    const manager = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    await qbox(`/api/managers/${manager.upstreamRef}`, {
      method: "PUT",
      body: JSON.stringify({ domain_codes: [theirs] }),
    });

    const placed = await change(manager.id, { domain_codes: `${theirs}\n${ours.upstreamRef}` });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    expect(await waitForOrder(placed.orderId, isFinal, 40_000)).toMatchObject({ status: "succeeded" });
    expect(await managerDomains(manager.upstreamRef)).toEqual(expect.arrayContaining([theirs, ours.upstreamRef]));

    // A code neither the reseller's nor held by the manager is still refused.
    const stranger = await change(manager.id, { domain_codes: `${theirs}\n${ours.upstreamRef}\nQBX-NOT-OURS` });
    expect(stranger).toMatchObject({
      ok: false,
      fieldErrors: { domain_codes: [v("domainCodesUnknown", { codes: "QBX-NOT-OURS" })] },
    });
  });
});

// A service page opened before someone else changed the service (another person, another tab,
// the provider's panel) must not put the old values back. The change form sends only what the
// person changed, but a list is sent whole: a manager's domains read as [A] in tab B, given B in
// tab A, then edited in tab B would silently drop B. Placing reads the provider and refuses, on
// its field, every sent field that no longer holds what the page showed; what nobody else
// changed still goes through.

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changeFields, changeRequestFromForm, SHOWN_FIELD, shownValues } from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({ limits: { maxDomains: 4 }, worker: { UPSTREAM_TIMEOUT_MS: "3000" } });
const fields = changeFields("qboxmail_manager");

/** The service page's change form as rendered now: the provider read, the shown values kept. */
async function openPage(service: { id: string; upstreamRef: string; naturalKey: string }) {
  const reading = await refreshService({ ...service, kind: "qboxmail_manager" });
  if (!reading.ok) throw new Error(reading.message);
  const shown = shownValues(fields, reading.settings);
  return (typed: Record<string, string | string[]>) => {
    const fd = new FormData();
    fd.set("idempotencyKey", `stale-${randomUUID()}`);
    fd.set(SHOWN_FIELD, JSON.stringify(shown));
    for (const [name, value] of Object.entries(typed))
      for (const v of Array.isArray(value) ? value : [value]) fd.append(name, v);
    return placeChange(t.user, changeRequestFromForm(service.id, "change", fd));
  };
}

async function succeeded(placed: Awaited<ReturnType<Awaited<ReturnType<typeof openPage>>>>) {
  if (!placed.ok) throw new Error(JSON.stringify(placed));
  expect((await waitForOrder(placed.orderId, isFinal, 40_000)).status).toBe("succeeded");
}

async function managerDomains(code: string) {
  const r = await qboxClient().getManager(code);
  if (r.kind !== "found") throw new Error(`manager ${code}: ${r.kind}`);
  return (r.data as { domain_codes?: string[] }).domain_codes ?? [];
}

describe("a change form opened before another change", () => {
  it("is refused on the fields changed since, and not on the others", async () => {
    const [a, b] = [
      (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`sa${uniq()}.example.com`))).service,
      (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`sb${uniq()}.example.com`))).service,
    ];
    const m = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const manager = { id: m.id, upstreamRef: m.upstreamRef!, naturalKey: m.naturalKey };
    await succeeded(await (await openPage(manager))({ domain_codes: a.upstreamRef! }));

    // Tab B is opened (the manager has A), then tab A gives the manager B as well.
    const tabB = await openPage(manager);
    await succeeded(await (await openPage(manager))({ domain_codes: [a.upstreamRef!, b.upstreamRef!] }));

    // Tab B removes A: that list would drop B too. Refused on its field, nothing placed.
    const ordersBefore = await db().order.count({ where: { serviceId: m.id } });
    const refused = await tabB({ domain_codes: "", max_domains: "7" });
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { domain_codes: [expect.stringMatching(/^Changed since you opened this page/)] },
    });
    expect(refused.ok ? [] : Object.keys(refused.fieldErrors)).toEqual(["domain_codes"]);
    expect(await db().order.count({ where: { serviceId: m.id } })).toBe(ordersBefore);
    expect(await managerDomains(manager.upstreamRef)).toEqual([a.upstreamRef, b.upstreamRef]);

    // The same tab's change of a field nobody else touched goes through, and keeps both domains.
    await succeeded(await tabB({ max_domains: "7" }));
    expect(await managerDomains(manager.upstreamRef)).toEqual([a.upstreamRef, b.upstreamRef]);

    // Reloaded, the page shows both, and removing A is what the person sees it is.
    await succeeded(await (await openPage(manager))({ domain_codes: b.upstreamRef! }));
    expect(await managerDomains(manager.upstreamRef)).toEqual([b.upstreamRef]);
  });
});

// A suspend or resume through the portal records the state it asked for, and a reading of the
// service must then show it (docs/lifecycle.md "What a change's success records is asked for, not
// read"): a Qboxmail disable is accepted with a 2xx and applied later, so one that never takes, or
// a resource switched back in the provider's panel, would otherwise become the next expectation
// unnoticed. A reading that does not show the state yet is held back for the settling time; one
// that still does not after it records a drift finding.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { runDriftCheck } from "@/lib/services/drift";
import { placeChange } from "@/lib/services/place-change";
import { refreshService, refreshUnlessRecent } from "@/lib/services/read-live";
import { grommunioApi } from "./another-client";
import { fileTenant, forms, isFinal, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";
import { enableQboxDomain, qboxDomainRecord } from "./qboxmail-sim";

const t = fileTenant({ limits: { maxDomains: 9 }, worker: { UPSTREAM_TIMEOUT_MS: "1500" } });

/** A POST to one of the Qboxmail simulator's control routes. */
const sim = (path: string, body: unknown) =>
  fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A Qboxmail domain enabled (its ownership record published), so that it can be disabled. */
async function enabledDomain() {
  const s = (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`xs${uniq()}.example.com`))).service;
  const code = s.upstreamRef!;
  await enableQboxDomain(code, s.naturalKey);
  expect((await qboxDomainRecord(code)).status).toBe("enabled");
  return { s, code };
}

async function change(serviceId: string, action: "suspend" | "resume") {
  const r = await placeChange(t.user, { serviceId, action, idempotencyKey: `chg-${randomUUID()}` });
  if (!r.ok) throw new Error(JSON.stringify(r));
  expect(await waitForOrder(r.orderId, isFinal, 40_000)).toMatchObject({ status: "succeeded" });
}

/** Shows the Qboxmail domain in another status, as the provider's panel or its own work would. */
const showStatus = async (code: string, status: string) =>
  expect((await sim("/__sim/qboxmail/domain-status", { code, status })).status).toBe(200);

const row = (id: string) =>
  db().service.findUniqueOrThrow({
    where: { id },
    select: { upstreamState: true, expectedState: true, readAt: true },
  });

const openChanged = (s: { kind: OrderKind; upstreamRef: string | null }) =>
  db().driftFinding.findMany({
    where: { kind: s.kind, upstreamRef: s.upstreamRef!, type: "changed", resolvedAt: null },
    select: { details: true },
  });

/** The change's success as if it came 31 minutes ago: past the settling time. */
const pastSettling = (id: string) =>
  db().$executeRaw`UPDATE service SET updated_at = updated_at - interval '31 minutes' WHERE id = ${id}::uuid`;

describe("the state a suspend or resume asked for, read back", () => {
  it("holds back a reading that shows a Qboxmail domain still enabled after its disable; past the settling time it is a finding", async () => {
    const { s, code } = await enabledDomain();
    await change(s.id, "suspend");
    expect(await row(s.id)).toMatchObject({ upstreamState: "disabled", expectedState: "disabled", readAt: null });
    // The disable did not take (or the panel enabled the domain again).
    await showStatus(code, "enabled");
    expect(await refreshService(s)).toMatchObject({
      ok: true,
      state: expect.stringMatching(/^active/),
      stored: false,
    });
    // Not stored: the service stays unread, still expecting the disable, and nothing is found yet.
    expect(await row(s.id)).toMatchObject({ upstreamState: "disabled", expectedState: "disabled", readAt: null });
    expect(await openChanged(s)).toEqual([]);
    // A page or API client asking again soon does not read the provider on every request while
    // the service stays unread: the reading not stored is answered again for FRESH_READING_MS
    // (the row holds the disable asked for, which the provider does not show).
    const asked = { ...s, readAt: null };
    const first = await refreshUnlessRecent(asked);
    expect(first).toMatchObject({ ok: true, stored: false, state: expect.stringMatching(/^active/) });
    await showStatus(code, "disabled");
    expect(await refreshUnlessRecent(asked)).toBe(first);
    await showStatus(code, "enabled");

    await pastSettling(s.id);
    expect(await refreshService(s)).toMatchObject({ ok: true, state: expect.stringMatching(/^active/) });
    expect(await row(s.id)).toMatchObject({ upstreamState: expect.stringMatching(/^active/), expectedState: null });
    expect(await openChanged(s)).toEqual([
      { details: { differences: ['status: "enabled" upstream, "disabled" expected'] } },
    ]);
  });

  it("a disable under way is held back while it runs, and confirmed, with nothing found, once it shows", async () => {
    const { s, code } = await enabledDomain();
    await change(s.id, "suspend");
    await showStatus(code, "updating");
    expect(await refreshService(s)).toMatchObject({ ok: true, state: "in_progress" });
    expect(await row(s.id)).toMatchObject({ upstreamState: "disabled", expectedState: "disabled", readAt: null });
    await showStatus(code, "disabled");
    expect(await refreshService(s)).toMatchObject({ ok: true, state: "disabled" });
    const stored = await row(s.id);
    expect(stored).toMatchObject({ upstreamState: "disabled", expectedState: null });
    expect(stored.readAt).not.toBeNull();
    expect(await openChanged(s)).toEqual([]);
  });

  it("a status still in progress after the settling time is stored and the state asked for still expected: the drift run finds the other one", async () => {
    const { s, code } = await enabledDomain();
    await change(s.id, "suspend");
    await showStatus(code, "updating");
    await pastSettling(s.id);
    expect(await refreshService(s)).toMatchObject({ ok: true, state: "in_progress" });
    expect(await row(s.id)).toMatchObject({ upstreamState: "in_progress", expectedState: "disabled" });
    await showStatus(code, "enabled");
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await openChanged(s)).toEqual([
      { details: { differences: ['status: "enabled" upstream, "disabled" expected'] } },
    ]);
  });

  it("the drift run waits out the settling time too: a reading stored meanwhile is compared with the state asked for only after it", async () => {
    const { s, code } = await enabledDomain();
    await change(s.id, "suspend");
    // A reading stored within the settling time (as one taken while another change of it was on
    // its way), the disable still under way, then the domain listed enabled.
    await db().$executeRaw`UPDATE service SET read_at = now(), upstream_state = 'in_progress' WHERE id = ${s.id}::uuid`;
    await showStatus(code, "enabled");
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await openChanged(s)).toEqual([]);
    await pastSettling(s.id);
    await db().$executeRaw`UPDATE service SET read_at = now() WHERE id = ${s.id}::uuid`;
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await openChanged(s)).toEqual([
      { details: { differences: ['status: "enabled" upstream, "disabled" expected'] } },
    ]);
  });

  it("a grommunio domain resumed through the portal and suspended again in grommunio's panel is found", async () => {
    const { service: s } = await succeededService(
      t,
      "grommunio_domain",
      forms.grommunio_domain(`xg${uniq()}.example.com`),
    );
    await change(s.id, "suspend");
    await change(s.id, "resume");
    expect(await row(s.id)).toMatchObject({ upstreamState: "active", expectedState: "active", readAt: null });
    expect((await grommunioApi("PATCH", `/system/domains/${s.upstreamRef}`, { domainStatus: 1 })).status).toBe(200);
    expect(await refreshService(s)).toMatchObject({ ok: true, state: "suspended" });
    expect(await row(s.id)).toMatchObject({ upstreamState: "active", readAt: null });
    await pastSettling(s.id);
    expect(await refreshService(s)).toMatchObject({ ok: true, state: "suspended" });
    expect(await row(s.id)).toMatchObject({ upstreamState: "suspended", expectedState: null });
    expect(await openChanged(s)).toEqual([{ details: { differences: ["domainStatus: 1 upstream, 0 expected"] } }]);
  });
});

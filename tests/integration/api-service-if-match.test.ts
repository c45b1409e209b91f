// An API client that edits a service's settings reads them first and sends its change later; `set`
// replaces a list whole, so a change made meanwhile (in the portal, through the API, in the
// provider's panel) would be undone unseen. GET /services/{id} answers the settings with their
// version as the ETag, and a change sent with that ETag in If-Match is placed only while the
// provider still holds that version: otherwise 412, nothing placed, the new ETag named.

import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { callApi } from "./api-client";
import { clearFaults, fault, fileTenant, forms, isFinal, succeededService, waitForOrder } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({ worker: { UPSTREAM_TIMEOUT_MS: "3000" } });
afterEach(clearFaults);

async function token(): Promise<string> {
  const r = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `if-match-${randomUUID()}`, scopes: ["services:read", "services:write", "orders:read"] },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r.token;
}

async function newManager() {
  return (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
}

describe("a service change with If-Match", () => {
  it("is placed only while the provider's settings are at the version the client read", async () => {
    const m = await newManager();
    const bearer = await token();
    const change = (set: Record<string, unknown>, ifMatch?: string, key = `im-${randomUUID()}`) =>
      callApi("POST", `/services/${m.id}/changes`, {
        token: bearer,
        body: { action: "change", set },
        headers: { "idempotency-key": key, ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
      });

    const read = await callApi("GET", `/services/${m.id}`, { token: bearer });
    expect(read.status).toBe(200);
    const etag = read.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/);
    expect(read.body.settings).toMatchObject({ email_address: expect.any(String) });
    // Nothing changed: the same version, read after read; a reading this recent is answered as it is.
    const again = await callApi("GET", `/services/${m.id}`, { token: bearer });
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.body.readAt).toBe(read.body.readAt);

    // The provider's panel changes a limit behind the portal.
    const panel = await qboxClient().updateManager(m.upstreamRef!, { max_domains: 9 });
    expect(panel.kind).toBe("success");
    const before = await db().order.count({ where: { serviceId: m.id } });
    const stale = await change({ max_email_accounts: 5 }, etag);
    expect(stale.status).toBe(412);
    const now = stale.headers.get("etag")!;
    expect(now).toMatch(/^"[0-9a-f]{20}"$/);
    expect(now).not.toBe(etag);
    expect(stale.body.detail).toContain(now);
    expect(await db().order.count({ where: { serviceId: m.id } })).toBe(before);

    // Read again: the panel's value and the version the 412 named.
    const reread = await callApi("GET", `/services/${m.id}`, { token: bearer });
    expect(reread.body.settings.max_domains).toBe(9);
    expect(reread.headers.get("etag")).toBe(now);

    // A tag that is no version of ours never matches; the current one, weak or among others, does.
    expect((await change({ max_email_accounts: 5 }, '"not-a-version"')).status).toBe(412);
    const key = `im-${randomUUID()}`;
    const placed = await change({ max_email_accounts: 5 }, `"00000000000000000000", W/${now}`, key);
    expect(placed.status).toBe(202);
    expect((await waitForOrder(placed.body.id, isFinal, 40_000)).status).toBe("succeeded");

    // Its own order moved the version on; the same request repeated is still answered with it.
    const replay = await change({ max_email_accounts: 5 }, now, key);
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(placed.body.id);
    const after = await callApi("GET", `/services/${m.id}`, { token: bearer });
    expect(after.body.settings).toMatchObject({ max_domains: 9, max_email_accounts: 5 });
    expect(after.headers.get("etag")).not.toBe(now);

    // Without If-Match, or with *, the change is placed as sent.
    const unchecked = await change({ max_email_accounts: 6 }, "*");
    expect(unchecked.status).toBe(202);
    expect((await waitForOrder(unchecked.body.id, isFinal, 40_000)).status).toBe("succeeded");
  });

  it("checks a suspend against the version too, and the last reading when the provider cannot be read", async () => {
    const m = await newManager();
    const bearer = await token();
    const suspend = (ifMatch: string) =>
      callApi("POST", `/services/${m.id}/changes`, {
        token: bearer,
        body: { action: "suspend" },
        headers: { "idempotency-key": `im-${randomUUID()}`, "if-match": ifMatch },
      });
    const read = await callApi("GET", `/services/${m.id}`, { token: bearer });
    const etag = read.headers.get("etag")!;
    // A reading of the last 30 seconds is answered without calling the provider: made older here,
    // so the next GET reads the provider again.
    const readAt = new Date(Date.now() - 60_000);
    await db().service.update({ where: { id: m.id }, data: { readAt } });

    // The provider does not answer reads: a GET answers the last reading, with when it was made.
    await fault("qboxmail", {
      method: "GET",
      path: `/api/managers/${m.upstreamRef}`,
      count: 50,
      action: "status",
      status: 503,
    });
    const offline = await callApi("GET", `/services/${m.id}`, { token: bearer });
    expect(offline.status).toBe(200);
    expect(offline.headers.get("etag")).toBe(etag);
    expect(offline.body.readAt).toBe(readAt.toISOString());

    // Placing reads the provider again and cannot either: a version the last reading does not
    // have is refused, the one it has is placed.
    const other = await suspend('"00000000000000000000"');
    expect(other.status).toBe(412);
    expect(other.headers.get("etag")).toBe(etag);
    const placed = await suspend(etag);
    expect(placed.status).toBe(202);
    expect(placed.body.action).toBe("suspend");
    await clearFaults();
    expect((await waitForOrder(placed.body.id, isFinal, 40_000)).status).toBe("succeeded");
  });

  it("refuses as unverifiable, not placed, what the last reading cannot vouch for: a change went through since and the provider does not answer", async () => {
    const m = await newManager();
    const bearer = await token();
    const read = await callApi("GET", `/services/${m.id}`, { token: bearer });
    const etag = read.headers.get("etag")!;
    // Another client's change through the portal succeeds: the stored reading is from before it.
    const other = await callApi("POST", `/services/${m.id}/changes`, {
      token: bearer,
      body: { action: "change", set: { max_domains: 7 } },
      headers: { "idempotency-key": `im-${randomUUID()}` },
    });
    expect(other.status).toBe(202);
    expect((await waitForOrder(other.body.id, isFinal, 40_000)).status).toBe("succeeded");
    expect((await db().service.findUniqueOrThrow({ where: { id: m.id } })).readAt).toBeNull();

    await fault("qboxmail", {
      method: "GET",
      path: `/api/managers/${m.upstreamRef}`,
      count: 50,
      action: "status",
      status: 503,
    });
    const before = await db().order.count({ where: { serviceId: m.id } });
    const stale = await callApi("POST", `/services/${m.id}/changes`, {
      token: bearer,
      body: { action: "change", set: { max_domains: 3 } },
      headers: { "idempotency-key": `im-${randomUUID()}`, "if-match": etag },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/cannot be checked against the version you named now/);
    expect(await db().order.count({ where: { serviceId: m.id } })).toBe(before);

    // Once the provider answers, the version the client read is found to be an old one.
    await clearFaults();
    const answered = await callApi("POST", `/services/${m.id}/changes`, {
      token: bearer,
      body: { action: "change", set: { max_domains: 3 } },
      headers: { "idempotency-key": `im-${randomUUID()}`, "if-match": etag },
    });
    expect(answered.status).toBe(412);
  });
});

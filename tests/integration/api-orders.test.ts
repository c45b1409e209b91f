// The reseller API end to end through its route handlers: tokens, scopes, tenants, idempotency,
// problem details and rate limits. Every call is checked against the OpenAPI document
// (api-client.ts).

import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { disableUserAsAdmin } from "@/lib/admin/users";
import { COMPRESSED_FROM_CHARS } from "@/lib/api/cache-control";
import { forgetApiPrincipals, PRINCIPAL_TTL_MS } from "@/lib/api/principal-cache";
import { resetRateLimiter } from "@/lib/api/rate-limit";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "@/lib/api/tokens";
import { PEER_HEADER } from "@/lib/auth/client-ip";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { readPortalText } from "@/lib/i18n/portal-texts";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { cancelOrder as cancelBySupport } from "@/lib/support/order-actions";
import { giveUsableGrommunioServer, makeOrder, makeService, makeTenant, makeUser, type Tenant } from "../factories";
import { ormCallsDuring } from "../support/orm-calls";
import { callApi } from "./api-client";
import { forms, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  resetRateLimiter();
  await disconnectDb();
});

const ALL = ["orders:read", "orders:write", "customers:read", "customers:write", "services:read", "services:write"];

async function tokenFor(t: Tenant, scopes = ALL, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `t-${randomUUID()}`, scopes, ...extra },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r.token;
}

const placeBody = (t: Tenant, fields: Record<string, unknown> = forms.qboxmail_domain()) => ({
  kind: "qboxmail_domain",
  customerId: t.customer.id,
  fields,
});

/** Until a statement on `table` from another session waits for a lock (at most 5 s). */
async function waitForLockWait(table: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [row] = await db().$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
      WHERE wait_event_type = 'Lock' AND query ILIKE ${`%${table}%`} AND pid <> pg_backend_pid()`;
    if (Number(row?.waiting ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no statement on ${table} waited for a lock`);
}

describe("reseller API: orders", () => {
  it("places, reads and cancels an order with a token; the same Idempotency-Key gives one order", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const key = `api-${randomUUID()}`;
    const body = placeBody(t);
    const first = await callApi("POST", "/orders", { token, body, headers: { "idempotency-key": key } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "queued", kind: "qboxmail_domain", customerId: t.customer.id });
    expect(JSON.stringify(first.body)).not.toContain("postmaster_password");
    expect(first.headers.get("location")).toBe(`/api/v1/orders/${first.body.id}`);
    // Declared on a repeat's 200 only.
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const again = await callApi("POST", "/orders", { token, body, headers: { "idempotency-key": key } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    // The key with another order's body: refused, and nothing placed.
    const reused = await callApi("POST", "/orders", { token, body: placeBody(t), headers: { "idempotency-key": key } });
    expect(reused.status).toBe(422);
    expect(reused.body.detail).toContain("already used for another request");
    // The same name with another setting (a client's retry after changing a limit) is another request too.
    const otherLimit = await callApi("POST", "/orders", {
      token,
      body: {
        ...body,
        fields: { ...body.fields, max_email_accounts: Number(body.fields.max_email_accounts ?? 0) + 7 },
      },
      headers: { "idempotency-key": key },
    });
    expect(otherLimit.status).toBe(422);
    expect(otherLimit.body.detail).toContain("already used for another request");
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);

    const got = await callApi("GET", `/orders/${first.body.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.body.timeline.map((e: { action: string }) => e.action)).toEqual(["order.placed"]);
    expect(got.body.timeline[0].actorLabel).toContain("API token");
    // The placement's answer is built from the write, not read back: it must be the document a
    // read gives (no worker runs here, so the order has not moved on).
    expect(first.body).toEqual(got.body);
    expect(again.body).toEqual(got.body);

    // A body that is no object says what to send, and cancels nothing.
    for (const body of ['"Shop refund"', ["Shop refund"], 42]) {
      const refused = await callApi("POST", `/orders/${first.body.id}/cancel`, { token, body });
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain('{"reason"');
    }
    const cancelled = await callApi("POST", `/orders/${first.body.id}/cancel`, {
      token,
      body: { reason: "Shop refund" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.timeline.at(-1)).toMatchObject({ action: "order.cancelled", reason: "Shop refund" });

    const twice = await callApi("POST", `/orders/${first.body.id}/cancel`, { token });
    expect(twice.status).toBe(409);
    expect(twice.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers 409 once the account's limit is reached, and 422 for another customer's id", async () => {
    const t = await makeTenant({ limits: { maxDomains: 1 } });
    const other = await makeTenant();
    const token = await tokenFor(t);
    const place = (body: Record<string, unknown>) =>
      callApi("POST", "/orders", { token, body, headers: { "idempotency-key": `lim-${randomUUID()}` } });
    expect((await place(placeBody(t))).status).toBe(201);
    const over = await place(placeBody(t));
    expect(over.status).toBe(409);
    expect(over.body.detail).toContain("at most 1");
    const foreign = await place({ ...placeBody(t), customerId: other.customer.id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual({
      customerId: [
        "No customer of yours has this id: send the id of one of your customers (a UUID from GET /api/v1/customers).",
      ],
    });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);
  });

  it("cancels with no body at all, whatever the headers say (a bare curl -X POST)", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const placed = await callApi("POST", "/orders", {
      token,
      body: placeBody(t),
      headers: { "idempotency-key": `api-${randomUUID()}` },
    });
    expect(placed.status).toBe(201);
    // As a server hands the route the request: a body stream that carries no bytes, and no
    // Content-Type or Content-Length.
    const cancelled = await callApi("POST", `/orders/${placed.body.id}/cancel`, {
      token,
      body: new Uint8Array(),
      headers: { "content-type": "" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    expect(cancelled.body.timeline.at(-1)).toMatchObject({
      action: "order.cancelled",
      reason: "Cancelled through the API",
    });
    // The portal's own words, so an Italian or German order page shows them in its language.
    expect(readPortalText(cancelled.body.timeline.at(-1).reason)?.key).toBe("cancelledThroughApi");
  });

  it("lists with filters and keyset cursors", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await callApi("POST", "/orders", {
        token,
        body: placeBody(t),
        headers: { "idempotency-key": `list-${randomUUID()}` },
      });
      ids.push(r.body.id);
    }
    await callApi("POST", `/orders/${ids[0]}/cancel`, { token });
    const page1 = await callApi("GET", "/orders?limit=2", { token });
    expect(page1.body.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    const page2 = await callApi("GET", `/orders?limit=2&cursor=${page1.body.nextCursor}`, { token });
    expect(page2.body.data.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    expect(page2.body.nextCursor).toBeNull();
    // A cursor cut short or made up is refused, not read as "from the top" (a client would loop).
    for (const cursor of [page1.body.nextCursor.slice(0, -6), "garbage"]) {
      for (const list of ["/orders", "/services"]) {
        const refused = await callApi("GET", `${list}?cursor=${cursor}`, { token });
        expect(refused.status, `${list} ${cursor}`).toBe(400);
        expect(Object.keys(refused.body.errors)).toEqual(["cursor"]);
      }
    }
    const queued = await callApi("GET", "/orders?status=queued", { token });
    expect(queued.body.data.map((o: { id: string }) => o.id).sort()).toEqual([ids[1], ids[2]].sort());
    const bad = await callApi("GET", "/orders?status=done&colour=red", { token });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(["status"]));
  });

  it("keeps every answer out of caches, and leaves small ones uncompressed but not long lists", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const cacheControl = (a: { headers: Headers }) => a.headers.get("cache-control");
    for (let i = 0; i < 14; i++) {
      const placed = await callApi("POST", "/orders", {
        token,
        body: placeBody(t),
        headers: { "idempotency-key": `cache-${randomUUID()}` },
      });
      expect(placed.status).toBe(201);
      // `no-transform` is what Next.js's response compression skips (docs/api.md "Compression and caching").
      expect(cacheControl(placed)).toBe("no-store, no-transform");
    }
    const refused = await callApi("GET", "/orders?colour=red", { token });
    expect(cacheControl(refused)).toBe("no-store, no-transform");
    const all = await callApi("GET", "/orders?limit=50", { token });
    expect(all.body.data).toHaveLength(14);
    expect(JSON.stringify(all.body).length).toBeGreaterThanOrEqual(COMPRESSED_FROM_CHARS);
    expect(cacheControl(all)).toBe("no-store");
    const one = await callApi("GET", "/orders?limit=1", { token });
    expect(cacheControl(one)).toBe("no-store, no-transform");

    // A long answer with a strong ETag stays uncompressed: the tag names the bytes the client read.
    const notes = '"'.repeat(2000);
    const customer = await callApi("POST", "/customers", { token, body: { name: `Long ${t.tag}`, notes } });
    expect(customer.status).toBe(201);
    const read = await callApi("GET", `/customers/${customer.body.id}`, { token });
    expect(JSON.stringify(read.body).length).toBeGreaterThanOrEqual(COMPRESSED_FROM_CHARS);
    for (const answer of [customer, read]) {
      expect(answer.headers.get("etag")).toMatch(/^"\d+"$/);
      expect(cacheControl(answer)).toBe("no-store, no-transform");
    }
  });

  it("refuses a search term with a control character (Postgres cannot compare U+0000) with a 400 naming q", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    for (const path of ["/orders", "/customers", "/services"]) {
      const res = await callApi("GET", `${path}?q=a%00b`, { token });
      expect(res.status, path).toBe(400);
      expect(Object.keys(res.body.errors), path).toEqual(["q"]);
    }
  });

  it("names each unknown or repeated query parameter in `errors` instead of guessing", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    for (const path of ["/orders", "/customers", "/services"]) {
      const unknown = await callApi("GET", `${path}?colour=red&limit=2`, { token });
      expect(unknown.status, path).toBe(400);
      expect(unknown.body.errors, path).toEqual({ colour: [expect.stringContaining("no such parameter")] });
      const twice = await callApi("GET", `${path}?limit=1&limit=200`, { token });
      expect(twice.status, path).toBe(400);
      expect(twice.body.errors, path).toEqual({ limit: ["Give this parameter once."] });
    }
  });

  it("pages customers with names of any script, and refuses a customer cursor no page answered", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    // 120 characters of three bytes each: the longest cursor a name gives is still accepted back.
    const long = "東".repeat(119);
    for (const name of [`${long}一`, `${long}二`])
      expect((await callApi("POST", "/customers", { token, body: { name } })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await callApi("GET", `/customers?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
      expect(seen.length).toBeLessThanOrEqual(3);
    }
    expect(seen.sort()).toEqual([t.customer.name, `${long}一`, `${long}二`].sort());
    // Edited or made up (not base64url, not UTF-8, a control character): 400, never "from the top".
    for (const bad of [
      "garbage!",
      Buffer.from([0xff, 0xfe]).toString("base64url"),
      Buffer.from("a\u0000b").toString("base64url"),
    ]) {
      const refused = await callApi("GET", `/customers?cursor=${bad}`, { token });
      expect(refused.status, bad).toBe(400);
      expect(Object.keys(refused.body.errors), bad).toEqual(["cursor"]);
    }
  });

  it("answers 404 on another reseller's ids and never shows their orders", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const tokenA = await tokenFor(a);
    const tokenB = await tokenFor(b);
    const placed = await callApi("POST", "/orders", {
      token: tokenA,
      body: placeBody(a),
      headers: { "idempotency-key": `iso-${randomUUID()}` },
    });
    expect((await callApi("GET", `/orders/${placed.body.id}`, { token: tokenB })).status).toBe(404);
    expect((await callApi("POST", `/orders/${placed.body.id}/cancel`, { token: tokenB })).status).toBe(404);
    expect((await callApi("GET", `/customers/${a.customer.id}`, { token: tokenB })).status).toBe(404);
    expect((await callApi("PUT", `/customers/${a.customer.id}`, { token: tokenB, body: { name: "x" } })).status).toBe(
      404,
    );
    expect((await callApi("GET", "/orders", { token: tokenB })).body.data).toEqual([]);
    // B cannot order for A's customer either.
    const cross = await callApi("POST", "/orders", {
      token: tokenB,
      body: placeBody(a),
      headers: { "idempotency-key": `iso-${randomUUID()}` },
    });
    expect(cross.status).toBe(422);
    expect(cross.body.errors.customerId).toBeDefined();
    expect((await db().order.findUniqueOrThrow({ where: { id: placed.body.id } })).status).toBe("queued");
  });

  it("refuses a field name the request does not take, on that field, and places nothing", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const key = () => ({ "idempotency-key": `unk-${randomUUID()}` });
    const typo = await callApi("POST", "/orders", {
      token,
      body: placeBody(t, { ...forms.qboxmail_domain(), max_email_acounts: 5 }),
      headers: key(),
    });
    expect(typo.status).toBe(422);
    expect(Object.keys(typo.body.errors)).toEqual(["fields.max_email_acounts"]);
    const svc = await makeService({ tenant: t });
    const change = await callApi("POST", `/services/${svc.id}/changes`, {
      token,
      body: { action: "change", set: { max_email_accounts: 25, plan: "enterprise" } },
      headers: key(),
    });
    expect(change.status).toBe(422);
    expect(Object.keys(change.body.errors)).toEqual(["set.plan"]);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
    // A field the administrator sets for the account is left out, as it always was: the account's
    // value is written in, the client's never.
    const adminSet = await callApi("POST", "/orders", {
      token,
      body: placeBody(t, { ...forms.qboxmail_domain(), customer_code: "C-FROM-CLIENT" }),
      headers: key(),
    });
    expect(adminSet.status).toBe(201);
    expect(JSON.stringify(adminSet.body.fields)).not.toContain("C-FROM-CLIENT");
  });

  it("keeps support's internal notes and addresses out of the order's timeline, as the order page does", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const support = await makeUser("support");
    const failed = await makeOrder({ tenant: t, status: "failed" });
    const note = "Customer flagged as a fraud risk internally";
    await cancelBySupport(support, { orderId: failed.id, expectedVersion: failed.version, reason: note });
    const read = await callApi("GET", `/orders/${failed.id}`, { token });
    expect(read.status).toBe(200);
    const text = JSON.stringify(read.body.timeline);
    expect(text).not.toContain(note);
    expect(text).not.toContain(support.email!);
    const cancelled = read.body.timeline.find((e: { action: string }) => e.action === "order.cancelled");
    expect(cancelled).toMatchObject({ actor: "user", actorLabel: null, reason: "Cancelled by support" });
    // Ticked "visible to the reseller": the reason is shown, the address still is not.
    const other = await makeOrder({ tenant: t, status: "failed" });
    const shown = "Your provider refused the name; choose another";
    await cancelBySupport(support, {
      orderId: other.id,
      expectedVersion: other.version,
      reason: shown,
      reasonVisible: true,
    });
    const again = await callApi("GET", `/orders/${other.id}`, { token });
    expect(JSON.stringify(again.body.timeline)).toContain(shown);
    expect(JSON.stringify(again.body.timeline)).not.toContain(support.email!);
  });

  it("refuses a token without the scope (403), and no, unknown, revoked or expired tokens (401)", async () => {
    const t = await makeTenant();
    const readOnly = await tokenFor(t, ["orders:read"]);
    const denied = await callApi("POST", "/orders", {
      token: readOnly,
      body: placeBody(t),
      headers: { "idempotency-key": `scope-${randomUUID()}` },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain("orders:write");
    expect((await callApi("GET", "/customers", { token: readOnly })).status).toBe(403);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);

    const none = await callApi("GET", "/orders");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    const unknown = await callApi("GET", "/orders", { token: "mrp_not-a-real-token" });
    expect(unknown.status).toBe(401);
    // RFC 6750 §3.1: a token sent and refused is named as such.
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer realm="api", error="invalid_token"');
    const revoked = await createApiToken({ ...t.user, resellerId: t.reseller.id }, { name: "r", scopes: ALL });
    if (!revoked.ok) throw new Error("token");
    expect((await callApi("GET", "/orders", { token: revoked.token })).status).toBe(200);
    await revokeApiToken({ ...t.user, resellerId: t.reseller.id }, revoked.id);
    expect((await callApi("GET", "/orders", { token: revoked.token })).status).toBe(401);
    const expiring = await createApiToken({ ...t.user, resellerId: t.reseller.id }, { name: "e", scopes: ALL });
    if (!expiring.ok) throw new Error("token");
    await db().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callApi("GET", "/orders", { token: expiring.token })).status).toBe(401);
    const actions = await db().auditEvent.findMany({ where: { resellerId: t.reseller.id, orderId: null } });
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["api_token.created", "api_token.revoked"]));
    expect(JSON.stringify(actions, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(revoked.token);
  });

  it("shares one token lookup among requests that miss together, and a revocation is not joined to an older one", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    forgetApiPrincipals();
    const principals = await Promise.all(Array.from({ length: 20 }, () => authenticateApiToken(token)));
    expect(principals[0]).not.toBeNull();
    for (const p of principals) expect(p).toBe(principals[0]);
    // A lookup still in flight when the token is revoked here: a request after the revocation
    // reads afresh instead of joining it (what it read may predate the revocation). The lookup is
    // held in flight by a row lock on the token: it read the row and waits to write `last used`.
    const { tokenId } = principals[0]!;
    await db().apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: null } });
    const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await lock.connect();
    try {
      await lock.query("BEGIN");
      await lock.query("SELECT 1 FROM api_token WHERE id = $1 FOR UPDATE", [tokenId]);
      forgetApiPrincipals();
      const inFlight = authenticateApiToken(token);
      await waitForLockWait("api_token");
      forgetApiPrincipals(); // what revoking here does, after its write
      // The new request's first step runs at once: a fresh lookup asks the database, a joined one does not.
      const { calls } = await ormCallsDuring(async () => {
        void authenticateApiToken(token).catch(() => {});
      });
      expect(calls, "a request after the revocation starts its own lookup").toContain("apiToken");
      await lock.query("ROLLBACK");
      await inFlight;
    } finally {
      await lock.end();
    }
    expect((await revokeApiToken({ ...t.user, resellerId: t.reseller.id }, tokenId)).ok).toBe(true);
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it("stops a remembered token at once when its user is disabled here, and within the cache time when revoked elsewhere", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    expect((await callApi("GET", "/orders", { token })).status).toBe(200); // now remembered by this process
    const [listed] = (await listApiTokens(t.reseller.id)).tokens;
    expect(listed).toMatchObject({ creatorActs: true, revokedAt: null });
    await disableUserAsAdmin(await makeUser("admin"), { userId: t.user.id, reason: "left the company" });
    expect((await callApi("GET", "/orders", { token })).status).toBe(401);
    // The API access page does not call it active: kept, not revoked, but refused while its
    // creator's account is disabled.
    expect((await listApiTokens(t.reseller.id)).tokens.find((r) => r.id === listed!.id)).toMatchObject({
      creatorActs: false,
      revokedAt: null,
    });

    // A revocation written by another web process: this one forgets the token within the cache time.
    const t2 = await makeTenant();
    const other = await createApiToken({ ...t2.user, resellerId: t2.reseller.id }, { name: "elsewhere", scopes: ALL });
    if (!other.ok) throw new Error("token");
    expect((await callApi("GET", "/orders", { token: other.token })).status).toBe(200);
    await db().apiToken.update({ where: { id: other.id }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < PRINCIPAL_TTL_MS + 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await callApi("GET", "/orders", { token: other.token })).status;
    }
    expect(status).toBe(401);
  });

  it("returns problem details with field errors, and needs an Idempotency-Key", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const noKey = await callApi("POST", "/orders", { token, body: placeBody(t) });
    expect(noKey.status).toBe(400);
    expect(noKey.body.detail).toContain("Idempotency-Key");
    const invalid = await callApi("POST", "/orders", {
      token,
      body: placeBody(t, { ...forms.qboxmail_domain(), postmaster_password_confirmation: "different-1" }),
      headers: { "idempotency-key": `bad-${randomUUID()}` },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect(invalid.body.errors["fields.postmaster_password_confirmation"]).toBeDefined();
    const badKind = await callApi("POST", "/orders", {
      token,
      body: { kind: "fax_machine", customerId: t.customer.id, fields: {} },
      headers: { "idempotency-key": `bad-${randomUUID()}` },
    });
    expect(badKind.status).toBe(422);
    expect(badKind.body.errors.kind).toBeDefined();
    const notJson = await callApi("POST", "/customers", {
      token,
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
  });

  it("a repeat that names no home server is the same request only when the first named none either", async () => {
    const t = await makeTenant();
    const server = await giveUsableGrommunioServer(t);
    const token = await tokenFor(t);
    const domain = (fields: Record<string, unknown>) => ({
      kind: "grommunio_domain",
      customerId: t.customer.id,
      fields: forms.grommunio_domain(`hs-${randomUUID().slice(0, 8)}.example.com`, fields),
    });
    const send = (body: unknown, key: string) =>
      callApi("POST", "/orders", { token, body, headers: { "idempotency-key": key } });
    // The first names the server: a repeat without it asks the portal to choose, another request.
    const named = domain({ homeserver: server });
    const namedKey = `hs-${randomUUID()}`;
    expect((await send(named, namedKey)).status).toBe(201);
    const { homeserver: _, ...withoutServer } = named.fields as Record<string, unknown>;
    const unnamed = await send({ ...named, fields: withoutServer }, namedKey);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.detail).toContain("already used for another request");
    expect((await send(named, namedKey)).status).toBe(200);
    // The first names none (the portal chose, and stored, this server): a repeat without one is the same.
    const chosen = domain({});
    const chosenKey = `hs-${randomUUID()}`;
    const first = await send(chosen, chosenKey);
    expect(first.status).toBe(201);
    const again = await send(chosen, chosenKey);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(2);
  });

  it("answers a method a path does not take with a 405 problem that lists the methods it does", async () => {
    type Route = Record<string, () => Response>;
    const order = (await import(path.resolve("app/api/v1/orders/[id]/route.ts"))) as Route;
    const res = order.DELETE!();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 405, detail: "This path takes GET only." });
    const customer = (await import(path.resolve("app/api/v1/customers/[id]/route.ts"))) as Route;
    expect(customer.PATCH!().headers.get("allow")).toBe("GET, PUT");
    // OPTIONS names what the path takes, not every method its file exports (Next.js's own answer).
    const options = order.OPTIONS!();
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, OPTIONS");
    expect(options.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(customer.OPTIONS!().headers.get("allow")).toBe("GET, PUT, OPTIONS");
    const none = (await import(path.resolve("app/api/v1/[[...path]]/route.ts"))) as Route;
    expect(none.OPTIONS!().status).toBe(404);
  });

  it("reads at most 64 KiB of body, and only UTF-8: a larger or otherwise encoded body changes nothing", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const customers = () => db().customer.count({ where: { resellerId: t.reseller.id } });
    const before = await customers();
    const large = await callApi("POST", "/customers", { token, body: { name: "Big", notes: "x".repeat(70_000) } });
    expect(large.status).toBe(413);
    expect(large.body.detail).toBe("Send at most 64 KiB of JSON.");
    // "Café" in Latin-1: read as UTF-8 it would be stored as "Caf\uFFFD".
    const latin1 = Uint8Array.from([...'{"name":"Caf'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x22, 0x7d]));
    const undeclared = await callApi("POST", "/customers", { token, body: latin1 });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.detail).toContain("not valid UTF-8");
    const declared = await callApi("POST", "/customers", {
      token,
      body: latin1,
      headers: { "content-type": "application/json; charset=iso-8859-1" },
    });
    expect(declared.status).toBe(415);
    expect(await customers()).toBe(before);
    // UTF-8, declared or not, is read as sent.
    const cafe = await callApi("POST", "/customers", {
      token,
      body: '{"name":"Café"}',
      headers: { "content-type": "application/json; charset=UTF-8" },
    });
    expect(cafe.status).toBe(201);
    expect(cafe.body.name).toBe("Café");
  });
});

describe("reseller API: customers", () => {
  it("creates, lists, reads and replaces customers with the form's rules", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const created = await callApi("POST", "/customers", {
      token,
      body: { name: "  Dolomiti Srl ", email: "billing@dolomiti.example", reference: "C-1" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Dolomiti Srl", reference: "C-1", notes: null });
    const dup = await callApi("POST", "/customers", { token, body: { name: "Dolomiti Srl" } });
    expect(dup.status).toBe(422);
    expect(dup.body.errors.name).toBeDefined();
    const blank = await callApi("POST", "/customers", { token, body: { name: "", email: "nope" } });
    expect(Object.keys(blank.body.errors).sort()).toEqual(["email", "name"]);
    const updated = await callApi("PUT", `/customers/${created.body.id}`, { token, body: { name: "Dolomiti S.r.l." } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Dolomiti S.r.l.", reference: null });
    const list = await callApi("GET", "/customers?limit=1", { token });
    expect(list.body.data).toHaveLength(1);
    const next = await callApi("GET", `/customers?limit=1&cursor=${list.body.nextCursor}`, { token });
    expect([list.body.data[0].name, next.body.data[0].name].sort()).toEqual(
      [t.customer.name, "Dolomiti S.r.l."].sort(),
    );
    expect((await callApi("GET", `/customers/${created.body.id}`, { token })).body.name).toBe("Dolomiti S.r.l.");
    expect((await callApi("GET", "/customers/not-a-uuid", { token })).status).toBe(404);
  });

  it("answers an ETag and refuses a PUT whose If-Match names a version changed since, with 412", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const created = await callApi("POST", "/customers", { token, body: { name: "Adige Srl", reference: "C-3" } });
    const path = `/customers/${created.body.id}`;
    const read = await callApi("GET", path, { token });
    const etag = read.headers.get("etag");
    expect(etag).toMatch(/^"\d+"$/);
    expect(created.headers.get("etag")).toBe(etag);
    // Two clients read the customer; the first replaces it with If-Match and gets the new version.
    const first = await callApi("PUT", path, {
      token,
      body: { name: "Adige Srl", reference: "C-4" },
      headers: { "if-match": etag! },
    });
    expect(first.status).toBe(200);
    const newer = first.headers.get("etag");
    expect(newer).toMatch(/^"\d+"$/);
    expect(newer).not.toBe(etag);
    // The second still holds the old ETag: refused, naming the version now, and nothing written.
    const second = await callApi("PUT", path, {
      token,
      body: { name: "Adige S.r.l.", reference: "C-3" },
      headers: { "if-match": etag! },
    });
    expect(second.status).toBe(412);
    expect(second.headers.get("content-type")).toBe("application/problem+json");
    expect(second.headers.get("etag")).toBe(newer);
    expect(second.body.detail).toContain(`If-Match: ${newer}`);
    expect((await callApi("GET", path, { token })).body).toMatchObject({ name: "Adige Srl", reference: "C-4" });
    // A tag that is no version of ours is refused too, never taken as none; the ETag sent as a weak tag matches.
    expect((await callApi("PUT", path, { token, body: { name: "X" }, headers: { "if-match": '"abc"' } })).status).toBe(
      412,
    );
    const weak = `W/${newer}`;
    const third = await callApi("PUT", path, {
      token,
      body: { name: "Adige Srl", reference: "C-5" },
      headers: { "if-match": `"1", ${weak}` },
    });
    expect(third.status).toBe(200);
    // Without If-Match, or with *, the PUT replaces whatever the customer holds, as before.
    expect((await callApi("PUT", path, { token, body: { name: "Adige" }, headers: { "if-match": "*" } })).status).toBe(
      200,
    );
    expect((await callApi("PUT", path, { token, body: { name: "Adige Srl" } })).status).toBe(200);
  });

  it("refuses a body with a name it does not take, or that is not an object, and changes nothing", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const created = await callApi("POST", "/customers", { token, body: { name: "Etna Srl", reference: "C-9" } });
    const path = `/customers/${created.body.id}`;
    // A misspelt "reference" on a PUT, which clears what it is not sent, would otherwise empty it.
    const misspelt = await callApi("PUT", path, { token, body: { name: "Etna Srl", ref: "C-10" } });
    expect(misspelt.status).toBe(422);
    expect(Object.keys(misspelt.body.errors)).toEqual(["ref"]);
    for (const body of ["null", "[]", '"Etna"', "42"]) {
      const answer = await callApi("PUT", path, { token, body });
      expect(answer.status, body).toBe(422);
      expect(answer.body.detail, body).toContain("JSON object");
    }
    expect((await callApi("GET", path, { token })).body).toMatchObject({ name: "Etna Srl", reference: "C-9" });
    const stray = await callApi("POST", "/customers", { token, body: { name: "Vesuvio Srl", vat: "IT1" } });
    expect(Object.keys(stray.body.errors)).toEqual(["vat"]);
    // The same at the top of an order, a change and a cancellation.
    const order = await callApi("POST", "/orders", {
      token,
      body: { ...placeBody(t), priority: "high" },
      headers: { "idempotency-key": `stray-${randomUUID()}` },
    });
    expect(Object.keys(order.body.errors)).toEqual(["priority"]);
    const queued = await makeOrder({ tenant: t, status: "queued" });
    const cancel = await callApi("POST", `/orders/${queued.id}/cancel`, { token, body: { reson: "typo" } });
    expect(Object.keys(cancel.body.errors)).toEqual(["reson"]);
    const svc = await makeService({ tenant: t });
    const change = await callApi("POST", `/services/${svc.id}/changes`, {
      token,
      body: { action: "suspend", when: "now" },
      headers: { "idempotency-key": `stray-${randomUUID()}` },
    });
    expect(Object.keys(change.body.errors)).toEqual(["when"]);
    // `fields` that are no object, and an action the service's kind does not offer: named too.
    for (const fields of ["x", [], 7]) {
      const notObject = await callApi("POST", "/orders", {
        token,
        body: { ...placeBody(t), fields },
        headers: { "idempotency-key": `stray-${randomUUID()}` },
      });
      expect(notObject.status).toBe(422);
      expect(Object.keys(notObject.body.errors)).toEqual(["fields"]);
    }
    const server = await makeService({ tenant: t, kind: "grommunio_server" });
    const suspend = await callApi("POST", `/services/${server.id}/changes`, {
      token,
      body: { action: "suspend" },
      headers: { "idempotency-key": `stray-${randomUUID()}` },
    });
    expect(suspend.status).toBe(422);
    expect(suspend.body.errors).toEqual({ action: [expect.stringContaining("change, delete")] });
    expect(await db().customer.count({ where: { resellerId: t.reseller.id, name: "Vesuvio Srl" } })).toBe(0);
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);
    expect((await db().order.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("queued");
  });
});

describe("reseller API: customers with an Idempotency-Key", () => {
  it("answers a repeat with the customer it created, also after an edit, and refuses the key for another", async () => {
    const t = await makeTenant();
    const token = await tokenFor(t);
    const key = `cust-${randomUUID()}`;
    const body = { name: "Lago di Garda Srl", email: "info@garda.example" };
    const send = (b: unknown, k = key) =>
      callApi("POST", "/customers", { token, body: b, headers: { "idempotency-key": k } });
    const first = await send(body);
    expect(first.status).toBe(201);
    // The answer was lost; the client sends the same request again, spelt a little differently.
    const again = await send({ email: "info@garda.example", name: " Lago di Garda Srl " });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(`/api/v1/customers/${first.body.id}`);
    expect(again.body.id).toBe(first.body.id);
    // Edited since: a repeat of the create is still that request, answered with the customer as it is now.
    await callApi("PUT", `/customers/${first.body.id}`, { token, body: { name: "Garda Srl" } });
    expect(await send(body)).toMatchObject({ status: 200, body: { id: first.body.id, name: "Garda Srl" } });
    // The key with other fields is another request: refused, naming the customer, nothing created.
    const other = await send({ name: "Lago Maggiore Srl" });
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain(first.body.id);
    expect(await db().customer.count({ where: { resellerId: t.reseller.id, name: "Lago Maggiore Srl" } })).toBe(0);
    // Another reseller's key space is its own.
    const u = await makeTenant();
    expect(
      (await callApi("POST", "/customers", { token: await tokenFor(u), body, headers: { "idempotency-key": key } }))
        .status,
    ).toBe(201);
    // A key that cannot be one is refused before anything is read.
    expect((await send({ name: "Short key Srl" }, "short")).status).toBe(400);
    // Two at once with one key: one customer, both answered with it.
    const raceKey = `race-${randomUUID()}`;
    const [a, b] = await Promise.all([send({ name: "Race Srl" }, raceKey), send({ name: "Race Srl" }, raceKey)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await db().customer.count({ where: { resellerId: t.reseller.id, name: "Race Srl" } })).toBe(1);
  });
});

describe("reseller API: services", () => {
  it("lists and reads the reseller's own services only, with the services:read scope", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const svc = await makeService({ tenant: a, naturalKey: `svc-${a.tag}.example.com` });
    const tokenA = await tokenFor(a);
    const list = await callApi("GET", "/services", { token: tokenA });
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([svc.id]);
    const one = await callApi("GET", `/services/${svc.id}`, { token: tokenA });
    expect(one.body).toMatchObject({ id: svc.id, status: "active", customerId: a.customer.id });
    const tokenB = await tokenFor(b);
    expect((await callApi("GET", `/services/${svc.id}`, { token: tokenB })).status).toBe(404);
    expect((await callApi("GET", "/services", { token: tokenB })).body.data).toEqual([]);
    const noScope = await tokenFor(a, ["orders:read"]);
    expect((await callApi("GET", "/services", { token: noScope })).status).toBe(403);
  });
});

describe("reseller API: service changes", () => {
  it("answers a change that raced another request with its key as a replay only when it is the same request", async () => {
    const a = await makeTenant();
    const first = await makeService({ tenant: a, naturalKey: `race1-${a.tag}.example.com` });
    const second = await makeService({ tenant: a, naturalKey: `race2-${a.tag}.example.com` });
    const token = await tokenFor(a);
    const key = `race-${randomUUID()}`;
    const set = { max_email_accounts: 25 };
    // Another request with the key (a change of the first service) has inserted and not committed:
    // this one passes the key check, then waits on the unique index, which then refuses it.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      const { rows } = await holder.query<{ id: string }>(
        `INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
           display_name, payload, idempotency_key, action, service_id, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'qboxmail_domain', 'qboxmail', 'queued', $4, $4, $5, $6, 'change', $7, now())
         RETURNING id`,
        [a.reseller.id, a.customer.id, a.user.id, first.naturalKey, JSON.stringify({ set }), key, first.id],
      );
      const racing = callApi("POST", `/services/${second.id}/changes`, {
        token,
        body: { action: "change", set },
        headers: { "idempotency-key": key },
      });
      await waitForLockWait("order");
      await holder.query("COMMIT");
      const answer = await racing;
      expect(answer.status).toBe(422);
      expect(answer.body.detail).toContain("already used for another request");
      expect(answer.body.detail).toContain(rows[0]!.id);
      expect(await db().order.count({ where: { serviceId: second.id } })).toBe(0);
    } finally {
      await holder.end();
    }
  });

  it("refuses what another action takes (set, confirmName) instead of dropping it", async () => {
    const a = await makeTenant();
    const svc = await makeService({ tenant: a, naturalKey: `mis-${a.tag}.example.com` });
    const token = await tokenFor(a);
    const cases: [Record<string, unknown>, string][] = [
      [{ action: "suspend", set: { max_email_accounts: 3 } }, "set"],
      [{ action: "change", set: { max_email_accounts: 3 }, confirmName: svc.displayName }, "confirmName"],
      [{ action: "resume", confirmName: svc.displayName }, "confirmName"],
    ];
    for (const [body, field] of cases) {
      const r = await callApi("POST", `/services/${svc.id}/changes`, {
        token,
        body,
        headers: { "idempotency-key": `mis-${randomUUID()}` },
      });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(r.body.errors), JSON.stringify(body)).toEqual([field]);
    }
    expect(await db().order.count({ where: { serviceId: svc.id } })).toBe(0);
  });

  it("reads null in set as emptied where it can be, and refuses it on the setting that cannot, never dropping it", async () => {
    const a = await makeTenant();
    const svc = await makeService({ tenant: a, kind: "grommunio_domain", naturalKey: `null-${a.tag}.example.com` });
    const token = await tokenFor(a);
    const change = (set: Record<string, unknown>) =>
      callApi("POST", `/services/${svc.id}/changes`, {
        token,
        body: { action: "change", set },
        headers: { "idempotency-key": `null-${randomUUID()}` },
      });
    const refused = await change({ title: "Org", maxUser: null });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({
      "set.maxUser": [
        "maxUser cannot be null: it has no empty value. Send a value, or leave maxUser out to keep the current one",
      ],
    });
    expect(await db().order.count({ where: { serviceId: svc.id } })).toBe(0);
    const placed = await change({ title: null, maxUser: 20 });
    expect(placed.status).toBe(202);
    const order = await db().order.findUniqueOrThrow({ where: { id: placed.body.id } });
    expect(order.payload).toEqual({ set: { title: "", maxUser: 20 } });
  });

  it("answers 409 for a service that has ended and 404 for an id that is none of the reseller's", async () => {
    const a = await makeTenant();
    const token = await tokenFor(a);
    const ended = await makeService({ tenant: a, naturalKey: `end-${a.tag}.example.com` });
    await db().service.update({ where: { id: ended.id }, data: { status: "deleted" } });
    const send = (id: string, body: Record<string, unknown>) =>
      callApi("POST", `/services/${id}/changes`, {
        token,
        body,
        headers: { "idempotency-key": `end-${randomUUID()}` },
      });
    for (const body of [{ action: "suspend" }, { action: "change", set: { max_email_accounts: 3 } }]) {
      const r = await send(ended.id, body);
      expect(r.status, JSON.stringify(body)).toBe(409);
      expect(r.body.detail).toMatch(/ended/);
    }
    expect((await send(randomUUID(), { action: "suspend" })).status).toBe(404);
    expect(await db().order.count({ where: { serviceId: ended.id } })).toBe(0);
  });

  it("places change, suspend and delete orders for the reseller's own service only, once per key", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const name = `chg-${a.tag}.example.com`;
    const svc = await makeService({ tenant: a, naturalKey: name });
    const token = await tokenFor(a);
    const path = `/services/${svc.id}/changes`;
    const key = `chg-${randomUUID()}`;
    const body = { action: "change", set: { max_email_accounts: 25 } };

    const first = await callApi("POST", path, { token, body, headers: { "idempotency-key": key } });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      status: "queued",
      kind: "qboxmail_domain",
      naturalKey: name,
      action: "change",
      serviceId: svc.id,
    });
    // The list says what each order does, and filters by it and by service.
    const listed = await callApi("GET", `/orders?serviceId=${svc.id}`, { token });
    expect(listed.body.data.map((o: { id: string; action: string }) => [o.id, o.action])).toEqual([
      [first.body.id, "change"],
    ]);
    const creates = await callApi("GET", "/orders?action=create", { token });
    expect(creates.body.data.map((o: { id: string }) => o.id)).not.toContain(first.body.id);
    const elsewhere = await callApi("GET", `/orders?serviceId=${svc.id}`, { token: await tokenFor(b) });
    expect(elsewhere.body.data).toEqual([]);
    const again = await callApi("POST", path, { token, body, headers: { "idempotency-key": key } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const orders = await db().order.findMany({ where: { serviceId: svc.id } });
    expect(orders.map((o) => [o.action, o.payload])).toEqual([["change", { set: { max_email_accounts: 25 } }]]);
    // The key again for another request (other values, another action or service, or an order):
    // refused, never answered with the first order as if the new request had been placed.
    const other = await makeService({ tenant: a, naturalKey: `other-${a.tag}.example.com` });
    for (const [where, reused] of [
      [path, { action: "change", set: { max_email_accounts: 26 } }],
      [path, { action: "suspend" }],
      [`/services/${other.id}/changes`, body],
    ] as const) {
      const answer = await callApi("POST", where, { token, body: reused, headers: { "idempotency-key": key } });
      expect(answer.status, JSON.stringify(reused)).toBe(422);
      expect(answer.body.detail).toContain("already used for another request");
    }
    const asOrder = await callApi("POST", "/orders", {
      token,
      body: placeBody(a),
      headers: { "idempotency-key": key },
    });
    expect(asOrder.status).toBe(422);
    expect(asOrder.body.detail).toContain(first.body.id);
    expect(await db().order.count({ where: { resellerId: a.reseller.id } })).toBe(1);

    // One change at a time: a second one while the first is open is a conflict, not a second order.
    const busy = await callApi("POST", path, {
      token,
      body: { action: "suspend" },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(busy.status).toBe(409);
    await db().order.update({ where: { id: first.body.id }, data: { status: "cancelled" } });

    const bad = await callApi("POST", path, {
      token,
      body: { action: "change", set: { max_email_accounts: -7 } },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(["set.max_email_accounts"]);
    const wrongName = await callApi("POST", path, {
      token,
      body: { action: "delete", confirmName: "someone-else.example.com" },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(wrongName.status).toBe(422);
    expect(wrongName.body.errors.confirmName[0]).toContain(name);

    const foreign = await callApi("POST", path, {
      token: await tokenFor(b),
      body: { action: "suspend" },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(foreign.status).toBe(404);
    const readOnly = await callApi("POST", path, {
      token: await tokenFor(a, ["services:read", "orders:write"]),
      body: { action: "suspend" },
      headers: { "idempotency-key": `chg-${randomUUID()}` },
    });
    expect(readOnly.status).toBe(403);
    expect(await db().order.count({ where: { serviceId: svc.id } })).toBe(1);
    // A delete repeated with its key is the same request only with the service's name typed again
    // (either of its names, in any case); a wrong name is refused, not answered as placed.
    const deleteKey = `chg-${randomUUID()}`;
    const asDelete = (confirmName: string) =>
      callApi("POST", path, {
        token,
        body: { action: "delete", confirmName },
        headers: { "idempotency-key": deleteKey },
      });
    const deleted = await asDelete(name);
    expect(deleted.status).toBe(202);
    const wrongRepeat = await asDelete("someone-else.example.com");
    expect(wrongRepeat.status).toBe(422);
    expect(wrongRepeat.body.errors.confirmName[0]).toContain(name);
    const rightRepeat = await asDelete(name.toUpperCase());
    expect([rightRepeat.status, rightRepeat.body.id]).toEqual([200, deleted.body.id]);
    expect(await db().order.count({ where: { serviceId: svc.id } })).toBe(2);
    // A create names the service it brought, in the order and in the service's list.
    const created = await makeOrder({ tenant: a, status: "succeeded", naturalKey: `new-${a.tag}.example.com` });
    const brought = await makeService({ tenant: a, naturalKey: created.naturalKey, createOrderId: created.id });
    expect((await callApi("GET", `/orders/${created.id}`, { token })).body).toMatchObject({
      action: "create",
      serviceId: brought.id,
    });
    const ofBrought = await callApi("GET", `/orders?serviceId=${brought.id}`, { token });
    expect(ofBrought.body.data.map((o: { id: string; serviceId: string }) => [o.id, o.serviceId])).toEqual([
      [created.id, brought.id],
    ]);
  });
});

describe("reseller API: rate limit", () => {
  /** An IPv6 /64 of its own, so no other test's requests share its address budget; `host` picks an address in it. */
  const freshBlock = () => {
    const block = `2001:db8:${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
    return (host = 1) => ({ [PEER_HEADER]: `${block}::${host.toString(16)}` });
  };

  it("answers 429 with Retry-After once a token's budget is spent, and RateLimit headers throughout", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetEnvCache();
    resetRateLimiter();
    try {
      const t = await makeTenant();
      const token = await tokenFor(t);
      const other = await tokenFor(t);
      const headers = freshBlock()();
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await callApi("GET", "/customers", { token, headers }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
      expect(Number(answers[3]!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await callApi("GET", "/customers", { token: other, headers })).status).toBe(200);
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
      resetEnvCache();
      resetRateLimiter();
    }
  });

  it("refuses an address block over its limit without a lookup of a malformed token; valid tokens keep their own budget", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetEnvCache();
    resetRateLimiter();
    try {
      const t = await makeTenant();
      const token = await tokenFor(t);
      // Valid tokens not remembered by this process are looked up, and give the address its point back.
      const spare = freshBlock();
      for (let i = 0; i < 3; i++) {
        forgetApiPrincipals();
        expect((await callApi("GET", "/customers", { token, headers: spare(i + 1) })).status).toBe(200);
      }
      expect((await callApi("GET", "/customers", { token: "mrp_unknown", headers: spare() })).status).toBe(401);

      // Guessed tokens from three addresses of one IPv6 /64 spend the block's minute: one budget.
      const guesser = freshBlock();
      for (let i = 1; i <= 3; i++)
        expect((await callApi("GET", "/customers", { token: `mrp_guess${i}`, headers: guesser(i) })).status).toBe(401);
      const lookups = (calls: string[]) => calls.filter((c) => c === "apiToken").length;
      const over = await ormCallsDuring(() =>
        callApi("GET", "/customers", { token: "mrp_guess4", headers: guesser(0xbeef) }),
      );
      expect(over.result.status).toBe(429);
      expect(Number(over.result.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(over.result.headers.get("ratelimit-remaining")).toBe("0");
      expect(lookups(over.calls)).toBe(0);
      const none = await ormCallsDuring(() => callApi("GET", "/customers", { headers: guesser(5) }));
      expect(none.result.status).toBe(429);

      // A token of our form from that block is still looked up: a made-up one is refused…
      const madeUp = `mrp_${"A".repeat(43)}`;
      const guessed = await ormCallsDuring(() => callApi("GET", "/customers", { token: madeUp, headers: guesser(6) }));
      expect(guessed.result.status).toBe(429);
      expect(lookups(guessed.calls)).toBe(1);
      // …and a valid one is never refused for its neighbours' requests: its own budget counts.
      const other = await tokenFor(t);
      const unseen = await ormCallsDuring(() => callApi("GET", "/customers", { token: other, headers: guesser(7) }));
      expect(unseen.result.status).toBe(200);
      expect(lookups(unseen.calls)).toBeGreaterThan(0);
      expect(unseen.result.headers.get("ratelimit-remaining")).toBe("2");
      // Once known, without a lookup.
      const known = await ormCallsDuring(() => callApi("GET", "/customers", { token: other, headers: guesser(8) }));
      expect(known.result.status).toBe(200);
      expect(lookups(known.calls)).toBe(0);
      expect(known.result.headers.get("ratelimit-remaining")).toBe("1");
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
      resetEnvCache();
      resetRateLimiter();
    }
  });
});

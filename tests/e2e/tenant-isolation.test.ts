// The isolation suite: every entry of the tenant inventory (tests/support/tenant/inventory.ts)
// is called as a second reseller ("baltic") on the first reseller's ("alpine") ids, and without
// a session, against the production build. Pages and route handlers answer "not found" or send
// to sign-in; the token API refuses both, and with the second reseller's own token finds none of
// the first reseller's rows; server actions (posted the way React posts them, with the build's action ids)
// never succeed; and each of those tests finds the first reseller's data as it was before its
// own calls.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SCOPES } from "@/lib/api/scopes";
import { createApiToken } from "@/lib/api/tokens";
import { db, disconnectDb } from "@/lib/db";
import { baseUrl, closeBrowser, newPage, signIn } from "../support/e2e/browser";
import { ACTIONS, type Ids, ROUTES } from "../support/tenant/inventory";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
// React's own encoder for server action arguments, as the browser uses it.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.node") as {
  encodeReply: (v: unknown[]) => Promise<string | FormData>;
};

let ids: Ids;
let cookie = "";
/** An API token of the second reseller, with every scope. */
let strangerToken = "";

async function firstResellerIds(): Promise<Ids> {
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  const owner = await db().user.findFirstOrThrow({ where: { resellerId: reseller.id } });
  const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
  const tag = randomUUID().slice(0, 8);
  const order = await db().order.create({
    data: {
      resellerId: reseller.id,
      customerId: customer.id,
      createdById: owner.id,
      kind: "grommunio_server",
      provider: "grommunio",
      status: "failed",
      naturalKey: `iso-${tag}.example.com`,
      displayName: `iso-${tag}.example.com`,
      payload: { hostname: `iso-${tag}.example.com`, extname: `iso-${tag}.example.com` },
      idempotencyKey: `iso-${tag}`,
    },
  });
  const service = await db().service.create({
    data: {
      resellerId: reseller.id,
      customerId: customer.id,
      kind: "grommunio_server",
      provider: "grommunio",
      upstreamRef: `9${Math.floor(Math.random() * 1e6)}`,
      naturalKey: `iso-svc-${tag}.example.com`,
      displayName: `iso-svc-${tag}.example.com`,
    },
  });
  const webhook = await db().webhookEndpoint.create({
    data: {
      resellerId: reseller.id,
      url: `https://hooks-${tag}.example.com/x`,
      events: ["order.succeeded"],
      sealedSecret: Buffer.from("x"),
      disabledAt: new Date(),
    },
  });
  const delivery = await db().webhookDelivery.create({
    data: {
      endpointId: webhook.id,
      resellerId: reseller.id,
      eventType: "order.succeeded",
      payload: { type: "order.succeeded", data: {} },
      status: "failed",
    },
  });
  const token = await db().apiToken.create({
    data: {
      resellerId: reseller.id,
      createdById: owner.id,
      name: `iso-${tag}`,
      scopes: ["orders:read"],
      tokenHash: `iso-${randomUUID()}`,
      prefix: "iso",
    },
  });
  const share = await db().sharedGrommunioServer.create({
    data: { resellerId: reseller.id, serverId: 200, label: `iso-${tag}`, sharedById: owner.id },
  });
  return {
    slug: reseller.slug,
    resellerId: reseller.id,
    customerId: customer.id,
    orderId: order.id,
    serviceId: service.id,
    webhookId: webhook.id,
    deliveryId: delivery.id,
    tokenId: token.id,
    userId: owner.id,
    shareId: share.id,
  };
}

/** Everything of the first reseller a stranger could try to change. */
async function snapshot(i: Ids): Promise<string> {
  const [reseller, users, customers, order, service, webhook, delivery, token, shares, counts] = await Promise.all([
    db().reseller.findUniqueOrThrow({ where: { id: i.resellerId } }),
    db().user.findMany({
      where: { resellerId: i.resellerId },
      orderBy: { id: "asc" },
      select: { id: true, disabledAt: true, sessionVersion: true, passwordHash: true },
    }),
    db().customer.findMany({ where: { resellerId: i.resellerId }, orderBy: { id: "asc" } }),
    db().order.findUniqueOrThrow({ where: { id: i.orderId }, select: { status: true, version: true } }),
    db().service.findUniqueOrThrow({ where: { id: i.serviceId }, select: { status: true, endedAt: true } }),
    db().webhookEndpoint.findUnique({ where: { id: i.webhookId }, select: { disabledAt: true, url: true } }),
    db().webhookDelivery.findUnique({
      where: { id: i.deliveryId },
      select: { status: true, attemptCount: true, nextAttemptAt: true },
    }),
    db().apiToken.findUniqueOrThrow({ where: { id: i.tokenId }, select: { revokedAt: true } }),
    db().sharedGrommunioServer.findMany({ where: { resellerId: i.resellerId }, orderBy: { id: "asc" } }),
    Promise.all([
      db().order.count({ where: { resellerId: i.resellerId } }),
      db().apiToken.count({ where: { resellerId: i.resellerId } }),
      db().webhookEndpoint.count({ where: { resellerId: i.resellerId } }),
      db().user.count({ where: { email: "intruder@example.test" } }),
      // What people did to the first reseller (the worker's own events are left out: it keeps
      // working on the reseller's orders meanwhile), and chain verifications, which only staff start.
      db().auditEvent.count({ where: { resellerId: i.resellerId, actorType: "user" } }),
      db().auditVerification.count(),
    ]),
  ]);
  return JSON.stringify({ reseller, users, customers, order, service, webhook, delivery, token, shares, counts });
}

function get(path: string, withSession: boolean, method: "GET" | "POST" = "GET") {
  return fetch(`${baseUrl()}${path}`, { method, redirect: "manual", headers: withSession ? { cookie } : {} });
}

/**
 * A token route called with the second reseller's own token: a well-formed request on the first
 * reseller's ids (a cancel with its reason, a suspend with its key), so only the tenant scope can
 * refuse it.
 */
function withStrangerToken(path: string, method: "GET" | "POST" = "GET") {
  const body =
    method === "GET"
      ? undefined
      : JSON.stringify(path.endsWith("/cancel") ? { reason: "isolation probe" } : { action: "suspend" });
  return fetch(`${baseUrl()}${path}`, {
    method,
    redirect: "manual",
    headers: {
      authorization: `Bearer ${strangerToken}`,
      ...(body ? { "content-type": "application/json", "idempotency-key": `iso-${randomUUID()}` } : {}),
    },
    body,
  });
}

function actionIds(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(".next-e2e/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const out = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    const file = entry.filename.replace(/\\/g, "/").replace(/^.*?(app\/)/, "$1");
    out.set(`${file}#${entry.exportedName}`, id);
  }
  return out;
}

async function postAction(key: string, actionId: string, withSession: boolean) {
  const entry = ACTIONS[key]!;
  const fd = new FormData();
  for (const [k, v] of Object.entries(entry.form?.(ids) ?? {})) fd.append(k, v);
  const body = await encodeReply(entry.args(ids, fd));
  return fetch(`${baseUrl()}${entry.page(ids)}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": actionId, accept: "text/x-component", ...(withSession ? { cookie } : {}) },
    body,
  });
}

describe("tenant isolation", () => {
  beforeAll(async () => {
    ids = await firstResellerIds();
    const { context, page } = await newPage();
    await signIn(page, "owner@baltic.example.test", PASSWORD);
    await page.waitForURL("**/r/baltic");
    cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await context.close();
    const stranger = await db().user.findUniqueOrThrow({ where: { email: "owner@baltic.example.test" } });
    const created = await createApiToken(
      { ...stranger, resellerId: stranger.resellerId! },
      { name: `iso-${randomUUID()}`, scopes: [...API_SCOPES] },
    );
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    strangerToken = created.token;
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it.each(Object.entries(ROUTES).filter(([, e]) => e.access !== "public"))("%s", async (_route, entry) => {
    const url = entry.url(ids);
    // Taken here, so the comparison below judges this route's calls whatever ran before it.
    const before = await snapshot(ids);
    const stranger = await get(url, true, entry.method);
    const anonymous = await get(url, false, entry.method);
    if (entry.access === "token") {
      expect(stranger.status, `${url} with another reseller's session`).toBe(401);
      expect(anonymous.status, url).toBe(401);
      // With the other reseller's own token: a path naming one of the first reseller's rows is
      // not found; a list answers, with none of the first reseller's rows in it.
      const tokenAnswer = await withStrangerToken(url, entry.method);
      const text = await tokenAnswer.text();
      const named = [ids.customerId, ids.orderId, ids.serviceId, ids.webhookId].some((id) => url.includes(id));
      expect(tokenAnswer.status, `${url} with another reseller's token: ${text}`).toBe(named ? 404 : 200);
      for (const id of [ids.resellerId, ids.customerId, ids.orderId, ids.serviceId, ids.webhookId, ids.deliveryId])
        expect(text).not.toContain(id);
    } else {
      expect(stranger.status, `${url} as another reseller`).toBe(404);
      expect(anonymous.status, `${url} without a session`).toBe(307);
      expect(new URL(anonymous.headers.get("location")!, baseUrl()).pathname).toBe("/login");
    }
    expect(await snapshot(ids), `${url} changed the first reseller's data`).toBe(before);
  });

  it("posts every server action as another reseller and without a session: never a success, nothing of the first reseller's changed", async () => {
    const idsByKey = actionIds();
    const problems: string[] = [];
    // Taken here, so the comparison below judges these posts whatever ran before them.
    const before = await snapshot(ids);
    for (const key of Object.keys(ACTIONS)) {
      const actionId = idsByKey.get(key);
      if (!actionId) {
        problems.push(`${key}: no action id in the build's manifest`);
        continue;
      }
      for (const withSession of [true, false]) {
        const res = await postAction(key, actionId, withSession);
        const text = await res.text();
        const who = withSession ? "as another reseller" : "without a session";
        if (res.status >= 500) problems.push(`${key} ${who}: ${res.status}`);
        // An own-account action ("self") may succeed for the caller's own account; the snapshot
        // below still proves it changed nothing of the first reseller's.
        const ownAccount = withSession && ACTIONS[key]!.access === "self";
        if (res.status === 200 && /"ok":true/.test(text) && !ownAccount) problems.push(`${key} ${who}: succeeded`);
        if (!withSession && res.status === 200 && !/login/.test(text + (res.headers.get("x-action-redirect") ?? "")))
          problems.push(`${key} ${who}: no sign-in redirect`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshot(ids)).toBe(before);
  });
});

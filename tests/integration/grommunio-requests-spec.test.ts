// Every request the grommunio client can send — bodies built by our own order schemas'
// toUpstream() from a spread of valid orders, plus lookups and deletes — validates against the
// REQUEST schemas of grommunio's spec (openapi.yaml, ajv). The requests are captured on the wire
// by a recording server, so this checks what the client really sends, headers included.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderKinds } from "@/lib/orders/schemas";
import { SYNC_POLICY_DEFAULTS } from "@/lib/orders/schemas/sync-policy";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { validateQuery, validateRequestBody } from "@/simulators/grommunio/spec";

type Recorded = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
};
/** What the recording server received since the current test's sendAll() began. */
let recorded: Recorded[] = [];
let server: http.Server;
let baseUrl = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      recorded.push({
        method: req.method!,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (url.pathname.endsWith("/login")) return json(200, { grommunioAuthJwt: "a.b.c", csrf: "csrf-token" });
      if (req.method === "POST") return json(201, { ID: recorded.length });
      if (req.method === "DELETE") return json(200, { message: "Domain removed." });
      if (/\/\d+$/.test(url.pathname)) return json(404, { message: "Domain not found" });
      return json(200, { data: [], count: 0 });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/api/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const domainForms: Record<string, unknown>[] = [
  { domainname: "example.com", maxUser: 10 },
  { domainname: "münchen.de", maxUser: 0, createRole: true },
  { domainname: "Example.COM", maxUser: 4_294_967_295, orgID: 7, domainStatus: 3, homeserver: 1, chat: true },
  {
    domainname: "full.example",
    maxUser: 50,
    title: "T".repeat(128),
    address: "A".repeat(128),
    adminName: "N".repeat(32),
    tel: "1".repeat(64),
    endDay: "2030-12-31",
    domainStatus: 1,
    homeserver: 255,
    createRole: false,
    syncPolicy: SYNC_POLICY_DEFAULTS,
  },
  {
    domainname: "policy.example",
    maxUser: 1,
    syncPolicy: {
      allowbluetooth: 1,
      maxattsize: 1024,
      maxcalagefilter: 7,
      mindevpwlenngth: 16,
      maxdevpwfailedattempts: 4,
      approvedapplist: ["x"],
    },
  },
];
const serverForms = [
  { hostname: "mx1.example.com", extname: "mail.example.com" },
  { hostname: "H-2", extname: "h2" },
];

function specPathOf(path: string): string {
  const sub = path.replace(/^\/api\/v1/, "");
  return sub
    .replace(/^\/system\/domains\/\d+$/, "/system/domains/{domainID}")
    .replace(/^\/system\/servers\/\d+$/, "/system/servers/{ID}");
}

/**
 * Sends every kind of request once, from a client of its own (so it signs in once), and returns
 * what the recording server received, in order: each test reads its own sending.
 */
async function sendAll(): Promise<Recorded[]> {
  recorded = [];
  const client = new GrommunioClient({ baseUrl, user: "admin", password: "pw", timeoutMs: 2000 });
  for (const form of domainForms) {
    const kind = orderKinds.grommunio_domain;
    // A stored domain always names its server (placeOrder fills an empty one in).
    const { body, query } = kind.toUpstream(kind.payloadSchema.parse({ homeserver: 2, ...form }), {});
    const r = await client.createDomain(body as never, { createRole: query?.createRole === "true" });
    expect(r.kind, JSON.stringify(form)).toBe("success");
    await client.findDomainByName(String(form.domainname));
  }
  for (const form of serverForms) {
    const kind = orderKinds.grommunio_server;
    const { body } = kind.toUpstream(kind.payloadSchema.parse(form), {});
    expect((await client.createServer(body as never)).kind).toBe("success");
    await client.findServerByHostname(form.hostname);
  }
  await client.getDomain(3);
  await client.deleteDomain(3);
  await client.deleteDomain(3, { purge: true });
  await client.deleteServer(2);
  return recorded;
}

describe("requests the grommunio client sends", () => {
  it("validate against the spec's request schemas for a spread of valid orders", async () => {
    const sent = await sendAll();
    const apiCalls = sent.filter((r) => !r.path.endsWith("/login"));
    expect(apiCalls.length).toBe(domainForms.length * 2 + serverForms.length * 2 + 4);
    for (const call of apiCalls) {
      const specPath = specPathOf(call.path);
      const label = `${call.method} ${call.path}?${call.query} ${call.body}`;
      expect(validateQuery(specPath, call.method, call.query), label).toEqual([]);
      if (call.body) expect(validateRequestBody(specPath, call.method, JSON.parse(call.body)), label).toEqual([]);
      expect(call.headers.cookie).toBe("grommunioAuthJwt=a.b.c");
      expect(call.headers["x-csrf-token"]).toBe(call.method === "GET" ? undefined : "csrf-token");
      // Upstream answers {} for a detail GET with `level`.
      if (specPath.endsWith("}")) expect(call.query.has("level")).toBe(false);
    }
    const login = sent.filter((r) => r.path.endsWith("/login"));
    expect(login).toHaveLength(1);
    expect(login[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("sends createRole as the literal true/false and IDNA-encoded lookup names", async () => {
    const sent = await sendAll();
    const creates = sent.filter((r) => r.method === "POST" && r.path.endsWith("/system/domains"));
    expect(creates.map((r) => r.query.get("createRole"))).toEqual(["false", "true", "false", "false", "false"]);
    const lookups = sent.filter((r) => r.method === "GET" && r.path.endsWith("/system/domains"));
    expect(lookups.map((r) => r.query.get("domainname"))).toContain("xn--mnchen-3ya.de");
  });
});

// Servers and domains in the grommunio simulator over raw HTTP (docs/upstream/grommunio.md §4-§8): bodies, error
// shapes, duplicates, IDNA, homeserver allocation, roles, list semantics and deletes, and that
// what it answers validates against the spec's response schemas.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { validateResponse } from "@/simulators/grommunio/spec";
import { privateSimulatorsForThisFile } from "./private-simulators";

privateSimulatorsForThisFile();

const api = () => process.env.GROMMUNIO_API_URL!;
const origin = () => process.env.SIM_GROMMUNIO_ORIGIN!;
let session: { jwt: string; csrf: string };

async function call(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    cookie: `grommunioAuthJwt=${session.jwt}`,
    "x-csrf-token": session.csrf,
  };
  const r = await fetch(`${api()}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: raw upstream JSON; each test asserts the shape it reads
  return { status: r.status, body: (await r.json()) as any };
}

/** Calls and checks the answer against the spec's response schema for that route and status. */
async function specCall(specPath: string, method: string, path: string, body?: unknown) {
  const r = await call(method, path, body);
  expect(validateResponse(specPath, method, r.status, r.body), `${method} ${path} → ${r.status}`).toEqual([]);
  return r;
}

const state = async () =>
  (await (await fetch(`${origin()}/__sim/grommunio/state`)).json()) as {
    roles: Array<{ name: string; permissions: unknown[] }>;
  };
const ledger = async () =>
  (await (await fetch(`${origin()}/__sim/ledger`)).json()) as {
    created: Array<{ kind: string; key: string; ref: string }>;
    duplicates: unknown[];
  };

beforeAll(async () => {
  const r = await fetch(`${api()}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ user: process.env.GROMMUNIO_USER!, pass: process.env.GROMMUNIO_PASSWORD! }).toString(),
  });
  const b = (await r.json()) as { grommunioAuthJwt: string; csrf: string };
  session = { jwt: b.grommunioAuthJwt, csrf: b.csrf };
});
beforeEach(async () => {
  await fetch(`${origin()}/__sim/reset`, { method: "POST" });
});

describe("grommunio simulator: servers", () => {
  it("creates, rejects case-insensitive duplicates with message + error, and reports the ledger", async () => {
    const created = await specCall("/system/servers", "POST", "/system/servers", {
      hostname: "mx1.example.com",
      extname: "mail.example.com",
    });
    expect(created).toEqual({
      status: 201,
      body: { ID: 1, hostname: "mx1.example.com", extname: "mail.example.com", users: 0, domains: 0 },
    });
    const dup = await specCall("/system/servers", "POST", "/system/servers", {
      hostname: "MX1.Example.com",
      extname: "x",
    });
    expect(dup).toEqual({
      status: 400,
      body: {
        message: "Object violates database constraints",
        error: "Duplicate entry 'MX1.Example.com' for key 'hostname'",
      },
    });
    expect(await ledger()).toMatchObject({
      created: [{ kind: "server", key: "mx1.example.com", ref: "1" }],
      duplicates: [{ kind: "server" }],
    });
  });

  it("answers the documented 400/503 bodies", async () => {
    expect((await call("POST", "/system/servers", "{nope")).body).toEqual({ message: "Invalid JSON object" });
    expect((await call("POST", "/system/servers", { hostname: "a", extname: "b", foo: 1 })).body).toEqual({
      message: "Unknown attribute 'foo'",
    });
    expect((await call("POST", "/system/servers", { hostname: "a" })).body).toEqual({
      message: "Object violates database constraints",
      error: "Field 'extname' doesn't have a default value",
    });
    expect(await call("POST", "/system/servers", { hostname: "h".repeat(256), extname: "b" })).toEqual({
      status: 503,
      body: { message: "Database error." },
    });
    expect(await call("POST", "/system/servers", { hostname: "mü.example", extname: "b" })).toEqual({
      status: 503,
      body: { message: "Database error." },
    });
  });

  it("gets, lists with filters, and deletes with upstream's cosmetic messages", async () => {
    await call("POST", "/system/servers", { hostname: "mx1", extname: "mail.a" });
    await call("POST", "/system/servers", { hostname: "mx2", extname: "mail.b" });
    expect(await specCall("/system/servers/{ID}", "GET", "/system/servers/9")).toEqual({
      status: 404,
      body: { message: " not found" },
    });
    const list = await specCall("/system/servers", "GET", "/system/servers?extname=MAIL.B");
    expect(list.body).toEqual({ data: [{ ID: 2, hostname: "mx2", extname: "mail.b" }], count: 1 });
    expect((await call("GET", "/system/servers?hostname=MX1")).body.count).toBe(1);
    expect((await call("GET", "/system/servers?ID=1,2&limit=1")).body).toMatchObject({ count: 2, data: [{ ID: 1 }] });
    await call("POST", "/system/domains", { domainname: "on-mx1.de", maxUser: 1, homeserver: 1 });
    expect((await call("DELETE", "/system/servers/1")).body).toEqual({
      message: "Cannot delete server with users or domains",
    });
    expect(await call("DELETE", "/system/servers/2")).toEqual({ status: 200, body: { message: " #2 deleted." } });
  });
});

describe("grommunio simulator: domains", () => {
  it("creates at level 2 without homedir, with IDNA, displayname and homeserver null when no server exists", async () => {
    const r = await specCall("/system/domains", "POST", "/system/domains?createRole=false", {
      domainname: "münchen.de",
      maxUser: 5,
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      ID: 1,
      domainname: "xn--mnchen-3ya.de",
      displayname: "münchen.de",
      orgID: 0,
      maxUser: 5,
      activeUsers: 0,
      inactiveUsers: 0,
      virtualUsers: 0,
      title: "",
      address: "",
      adminName: "",
      tel: "",
      endDay: "3333-03-03",
      domainStatus: 0,
      syncPolicy: null,
      chat: false,
      homeserver: null,
    });
    const caps = await call("POST", "/system/domains", { domainname: "Example.COM", maxUser: 1 });
    expect([caps.body.domainname, caps.body.displayname]).toEqual(["Example.COM", "example.com"]);
  });

  it("rejects names per IDNA + regex and accepts the documented odd ones", async () => {
    for (const name of ["München.de", "localhost", "a_b.com", "a b.com"]) {
      expect((await call("POST", "/system/domains", { domainname: name, maxUser: 1 })).body, name).toEqual({
        message: `'${name}' is not a valid domain name`,
      });
    }
    for (const name of ["example.com.", "1.2.3.4"])
      expect((await call("POST", "/system/domains", { domainname: name, maxUser: 1 })).status).toBe(201);
  });

  it("answers the endpoint's own errors with a message only", async () => {
    expect((await specCall("/system/domains", "POST", "/system/domains", "{")).body).toEqual({
      message: "Missing data",
    });
    expect((await specCall("/system/domains", "POST", "/system/domains", { maxUser: "1" })).body).toEqual({
      message: "Bad Request",
      errors: ["InvalidSchemaValue"],
    });
    expect((await specCall("/system/domains", "GET", "/system/domains?level=x")).body).toEqual({
      message: "Bad Request",
      errors: ["CastError"],
    });
    expect((await call("POST", "/system/domains", { domainname: "a.de" })).body).toEqual({
      message: "Missing required property maxUser",
    });
    expect((await call("POST", "/system/domains", { domainname: "a.de", maxUser: 1, x: 1 })).body).toEqual({
      message: "Unknown attribute 'x'",
    });
    expect((await call("POST", "/system/domains", { domainname: "a.de", maxUser: 1, homeserver: 7 })).body).toEqual({
      message: "Invalid homeserver",
    });
    expect(await specCall("/system/domains", "POST", "/system/domains", { domainname: "a.de", maxUser: -1 })).toEqual({
      status: 503,
      body: { message: "Database error." },
    });
    expect(await call("POST", "/system/domains", { domainname: "a.de", maxUser: 1, endDay: "2025-02-30" })).toEqual({
      status: 503,
      body: { message: "Database error." },
    });
  });

  it("treats duplicates case-insensitively, soft-deleted names included, as 400 (never 409)", async () => {
    await call("POST", "/system/domains", { domainname: "example.com", maxUser: 1 });
    const dup = await specCall("/system/domains", "POST", "/system/domains", { domainname: "EXAMPLE.com", maxUser: 1 });
    expect(dup).toEqual({
      status: 400,
      body: { message: "Object violates database constraints (Duplicate entry 'EXAMPLE.com' for key 'domainname')" },
    });
    expect(await call("DELETE", "/system/domains/1")).toEqual({
      status: 200,
      body: { message: "Domain marked as deleted." },
    });
    expect((await call("POST", "/system/domains", { domainname: "example.com", maxUser: 1 })).status).toBe(400);
    expect((await call("GET", "/system/domains?domainname=example.com")).body.data[0].domainStatus).toBe(3);
    expect(await call("DELETE", "/system/domains/1?purge=true")).toEqual({
      status: 200,
      body: { message: "Domain removed." },
    });
    expect((await call("POST", "/system/domains", { domainname: "example.com", maxUser: 1 })).status).toBe(201);
    expect(await call("DELETE", "/system/domains/1")).toEqual({ status: 404, body: { message: "Domain not found" } });
  });

  it("allocates homeservers round-robin by domain ID mod server count", async () => {
    for (const h of ["s1", "s2", "s3"]) await call("POST", "/system/servers", { hostname: h, extname: h });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await call("POST", "/system/domains", { domainname: `d${i}.de`, maxUser: 1 })).body.homeserver.ID);
    // Domain IDs 1..4 → indices 1, 2, 0, 1 of servers [1, 2, 3].
    expect(ids).toEqual([2, 3, 1, 2]);
  });

  it("creates the admin role only for the literal 'true', once per name", async () => {
    await call("POST", "/system/domains?createRole=True", { domainname: "a.de", maxUser: 1 });
    await call("POST", "/system/domains?createRole=1", { domainname: "b.de", maxUser: 1 });
    await call("POST", "/system/domains?createRole=true", {
      domainname: "a-rather-long-domain-name.example",
      maxUser: 1,
    });
    const { roles } = await state();
    expect(roles).toEqual([
      { ID: 1, name: "Domain Admin (3/a-rather-long-d…", permissions: [{ permission: "DomainAdmin", params: 3 }] },
    ]);
    expect(
      (await call("POST", "/system/domains?createRole=maybe", { domainname: "c.de", maxUser: 1 })).body.message,
    ).toBe("Bad Request");
  });

  it("lists with the {data,count} envelope, exact IDNA-encoded filter, limit 50, offset, level", async () => {
    for (let i = 0; i < 55; i++) await call("POST", "/system/domains", { domainname: `n${i}.example`, maxUser: 1 });
    await call("POST", "/system/domains", { domainname: "münchen.de", maxUser: 1 });
    const all = await specCall("/system/domains", "GET", "/system/domains");
    expect([all.body.data.length, all.body.count]).toEqual([50, 56]);
    expect((await call("GET", "/system/domains?limit=")).body.data).toHaveLength(56);
    expect(
      (await call("GET", "/system/domains?offset=54&limit=10")).body.data.map((d: { ID: number }) => d.ID),
    ).toEqual([55, 56]);
    const found = await specCall(
      "/system/domains",
      "GET",
      `/system/domains?domainname=${encodeURIComponent("münchen.de")}&level=1`,
    );
    expect(found.body).toMatchObject({
      count: 1,
      data: [{ domainname: "xn--mnchen-3ya.de", displayname: "münchen.de" }],
    });
    expect(Object.keys(found.body.data[0])).not.toContain("syncPolicy");
    expect((await call("GET", "/system/domains?domainname=n1.exampl")).body).toEqual({ data: [], count: 0 });
    expect((await call("GET", "/system/domains?domainname=")).body.count).toBe(0);
    expect((await call("GET", "/system/domains?match=chen&limit=")).body.count).toBe(1);
  });

  it("gets a domain at level 2, {} with any level, 404 'Domain not found'", async () => {
    await call("POST", "/system/domains", { domainname: "a.de", maxUser: 1 });
    expect((await specCall("/system/domains/{domainID}", "GET", "/system/domains/1")).body).toMatchObject({
      ID: 1,
      syncPolicy: null,
      homeserver: null,
    });
    expect((await call("GET", "/system/domains/1?level=2")).body).toEqual({});
    expect(await specCall("/system/domains/{domainID}", "GET", "/system/domains/2")).toEqual({
      status: 404,
      body: { message: "Domain not found" },
    });
  });

  it("commits before failing: chat without the chat service, store setup failure, undecodable names", async () => {
    const chat = await specCall("/system/domains", "POST", "/system/domains", {
      domainname: "chat.de",
      maxUser: 1,
      chat: true,
    });
    expect(chat).toEqual({
      status: 500,
      body: { message: "The server encountered an error while processing the request." },
    });
    await fetch(`${origin()}/__sim/grommunio/flags`, {
      method: "POST",
      body: JSON.stringify({ storeSetupFails: true }),
    });
    expect((await call("POST", "/system/domains", { domainname: "store.de", maxUser: 1 })).body.message).toMatch(
      /^Error during domain setup/,
    );
    await fetch(`${origin()}/__sim/grommunio/flags`, {
      method: "POST",
      body: JSON.stringify({ storeSetupFails: false }),
    });
    expect((await call("POST", "/system/domains", { domainname: "-bad.com", maxUser: 1 })).status).toBe(500);
    expect((await call("GET", "/system/domains")).status).toBe(500); // every listing including it fails
    expect((await ledger()).created.map((c) => c.key)).toEqual(["chat.de", "store.de", "-bad.com"]);
  });
});

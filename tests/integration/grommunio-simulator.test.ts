// The grommunio simulator over raw HTTP, against docs/upstream/grommunio.md §2-§5 and §7-§8 (and §10's list): the
// wire behaviour our client and workers rely on, checked without our client in between.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { privateSimulatorsForThisFile } from "./private-simulators";

privateSimulatorsForThisFile();

const api = () => process.env.GROMMUNIO_API_URL!;
const origin = () => process.env.SIM_GROMMUNIO_ORIGIN!;
const form = (user: string, pass: string) => new URLSearchParams({ user, pass }).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function login(): Promise<{ jwt: string; csrf: string }> {
  const r = await fetch(`${api()}/login`, {
    method: "POST",
    headers: FORM,
    body: form(process.env.GROMMUNIO_USER!, process.env.GROMMUNIO_PASSWORD!),
  });
  const body = (await r.json()) as { grommunioAuthJwt: string; csrf: string };
  return { jwt: body.grommunioAuthJwt, csrf: body.csrf };
}

async function call(method: string, path: string, opts: { jwt?: string; csrf?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.jwt) headers.cookie = `grommunioAuthJwt=${opts.jwt}`;
  if (opts.csrf) headers["x-csrf-token"] = opts.csrf;
  const body =
    opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const r = await fetch(`${api()}${path}`, { method, headers, body });
  return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
}

const control = (path: string, body: unknown) =>
  fetch(`${origin()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

beforeEach(async () => {
  await fetch(`${origin()}/__sim/reset`, { method: "POST" });
});

describe("grommunio simulator: login and tokens", () => {
  it("returns an RS256 JWT {usr, exp: +7 days} and its CSRF token as JSON, without Set-Cookie", async () => {
    const r = await fetch(`${api()}/login`, {
      method: "POST",
      headers: FORM,
      body: form(process.env.GROMMUNIO_USER!, process.env.GROMMUNIO_PASSWORD!),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toBeNull();
    const { grommunioAuthJwt: jwt, csrf } = (await r.json()) as { grommunioAuthJwt: string; csrf: string };
    const [head, payload] = jwt
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(head).toMatchObject({ alg: "RS256" });
    expect(payload.usr).toBe(process.env.GROMMUNIO_USER);
    expect(payload.exp - Date.now() / 1000).toBeGreaterThan(604_800 - 60);
    expect(csrf).toBe(createHash("sha3-256").update(jwt).digest("base64"));
    expect(csrf).toHaveLength(44);
  });

  it("refuses bad credentials and users without an admin role with 401 'Login failed'", async () => {
    const bad = await fetch(`${api()}/login`, { method: "POST", headers: FORM, body: form("admin", "wrong") });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: "Login failed", error: "Invalid username or password" });
    await control("/__sim/grommunio/users", { username: "clerk", password: "pw", role: "none" });
    const denied = await fetch(`${api()}/login`, { method: "POST", headers: FORM, body: form("clerk", "pw") });
    expect(await denied.json()).toEqual({ message: "Login failed", error: "Access denied" });
  });

  it("refreshes with a form-less POST /login and a valid cookie; 400 without one or once expired", async () => {
    const { jwt } = await login();
    const refresh = await fetch(`${api()}/login`, { method: "POST", headers: { cookie: `grommunioAuthJwt=${jwt}` } });
    expect(refresh.status).toBe(200);
    expect(await refresh.json()).toHaveProperty("grommunioAuthJwt");
    const none = await fetch(`${api()}/login`, { method: "POST" });
    expect([none.status, await none.json()]).toEqual([400, { message: "Incomplete login form" }]);
    await control("/__sim/clock", { advanceSeconds: 604_801 });
    const expired = await fetch(`${api()}/login`, { method: "POST", headers: { cookie: `grommunioAuthJwt=${jwt}` } });
    expect([expired.status, await expired.json()]).toEqual([400, { message: "Incomplete login form" }]);
  });

  it("checks token, then expiry/signature, then CSRF (writes only), each with its 401 reason", async () => {
    const { jwt, csrf } = await login();
    expect((await call("GET", "/system/domains")).body).toEqual({
      message: "Access denied",
      error: "No token provided",
    });
    expect((await call("GET", "/system/domains", { jwt: "abc" })).body.error).toBe("invalid token");
    const forged = `${jwt.slice(0, jwt.lastIndexOf(".") + 1)}${Buffer.from("x".repeat(256)).toString("base64url")}`;
    expect((await call("GET", "/system/domains", { jwt: forged })).body.error).toBe("Invalid token signature");
    expect((await call("GET", "/system/domains", { jwt })).status).toBe(200); // GET needs no CSRF
    const noCsrf = await call("POST", "/system/servers", { jwt, body: { hostname: "a", extname: "b" } });
    expect([noCsrf.status, noCsrf.body.error]).toEqual([401, "Invalid or missing CSRF token"]);
    // 401 comes before validation: an invalid body without CSRF is still a 401.
    expect((await call("POST", "/system/servers", { jwt, body: { ID: 1 } })).status).toBe(401);
    await control("/__sim/clock", { advanceSeconds: 604_801 });
    const expired = await call("POST", "/system/servers", { jwt, csrf, body: { hostname: "a", extname: "b" } });
    expect([expired.status, expired.body]).toEqual([401, { message: "Access denied", error: "Token has expired" }]);
  });
});

describe("grommunio simulator: check order and generic answers", () => {
  it("answers 400 validation, then 503 database not available, then 403 permissions", async () => {
    const { jwt, csrf } = await login();
    await control("/__sim/grommunio/flags", { databaseUnavailable: true });
    const invalid = await call("POST", "/system/domains", { jwt, csrf, body: { domainname: "a.de", maxUser: "x" } });
    expect(invalid.body).toEqual({ message: "Bad Request", errors: ["InvalidSchemaValue"] });
    const unavailable = await call("POST", "/system/domains", { jwt, csrf, body: { domainname: "a.de", maxUser: 1 } });
    expect([unavailable.status, unavailable.body]).toEqual([503, { message: "Database not available." }]);
    await control("/__sim/grommunio/flags", { databaseUnavailable: false });
    await control("/__sim/grommunio/users", { username: "viewer", password: "pw", role: "SystemAdminRO" });
    const r = await fetch(`${api()}/login`, { method: "POST", headers: FORM, body: form("viewer", "pw") });
    const viewer = (await r.json()) as { grommunioAuthJwt: string; csrf: string };
    expect((await call("GET", "/system/domains", { jwt: viewer.grommunioAuthJwt })).status).toBe(200);
    const forbidden = await call("POST", "/system/domains", {
      jwt: viewer.grommunioAuthJwt,
      csrf: viewer.csrf,
      body: { domainname: "a.de", maxUser: 1 },
    });
    expect([forbidden.status, forbidden.body]).toEqual([
      403,
      { message: "Access denied: Insufficient permissions for this operation" },
    ]);
  });

  it("serves /status without auth, 404 for unknown routes, 405 for wrong methods, no-cache headers", async () => {
    const status = await call("GET", "/status");
    expect(status.body).toEqual({ message: "API is operational", database: true, tasq: false });
    expect(status.headers.get("cache-control")).toBe("no-cache, no-store, max-age=1");
    expect(await call("GET", "/nope")).toMatchObject({ status: 404, body: { message: "Resource not found" } });
    expect(await call("PUT", "/system/domains")).toMatchObject({
      status: 405,
      body: { message: "Method 'PUT' not allowed on this endpoint" },
    });
  });

  it("rejects readOnly fields, wrong types, over-long strings, a bad endDay pattern, syncPolicy ranges and non-nullable nulls", async () => {
    const { jwt, csrf } = await login();
    const bodies: unknown[] = [
      { hostname: "a", extname: "b", users: 0 },
      { hostname: null, extname: "b" },
    ];
    for (const body of bodies)
      expect((await call("POST", "/system/servers", { jwt, csrf, body })).body.message).toBe("Bad Request");
    const domains: unknown[] = [
      { domainname: "a.de", maxUser: 1, ID: 5 },
      { domainname: "a.de", maxUser: 1, displayname: "a.de" },
      { domainname: "a.de", maxUser: 1.5 },
      { domainname: `${"a".repeat(62)}.de`, maxUser: 1 },
      { domainname: "a.de", maxUser: 1, title: "t".repeat(129) },
      { domainname: "a.de", maxUser: 1, endDay: "2030-1-1" },
      { domainname: "a.de", maxUser: 1, endDay: null },
      { domainname: "a.de", maxUser: 1, chat: "yes" },
      { domainname: "a.de", maxUser: 1, syncPolicy: { allowwifi: 2 } },
      { domainname: "a.de", maxUser: 1, syncPolicy: { maxdevpwfailedattempts: 17 } },
      { domainname: "a.de", maxUser: 1, syncPolicy: { mindevpwlenngth: 0 } },
    ];
    for (const body of domains) {
      const r = await call("POST", "/system/domains", { jwt, csrf, body });
      expect([r.status, r.body.message], JSON.stringify(body)).toEqual([400, "Bad Request"]);
    }
    expect((await call("GET", "/system/domains?limit=ten", { jwt })).body).toEqual({
      message: "Bad Request",
      errors: ["CastError"],
    });
    // Extra syncPolicy keys and null syncPolicy / homeserver are allowed.
    const ok = await call("POST", "/system/domains", {
      jwt,
      csrf,
      body: { domainname: "a.de", maxUser: 1, syncPolicy: { custom: 1 }, homeserver: null },
    });
    expect(ok.status).toBe(201);
  });
});

// The grommunio client against a throwaway node:http stand-in:
// - a login answered with a status the contract does not give a login (403, 404, 405 from the
//   web server in front, or a redirect) is the portal's configuration, held for a person (`auth`),
//   never `rejected` (which would fail the order and blame the reseller);
// - a redirect to any call is never followed and held the same way, its message saying so;
// - a login whose JSON answer was cut short is retried, not held;
// - the exact-name lookup asks for a stable order (sort=ID,asc), so a lookup that pages (the
//   filter not applied) cannot miss a row that moved between two offsets (docs/upstream/grommunio.md §7).
import { beforeEach, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { redirectedCall } from "@/lib/upstream/redirect";
import { judgeCreate } from "@/workers/processors/verdicts";
import { standInServer } from "../support/stand-in-server";

type Login =
  | { kind: "ok" }
  | { kind: "status"; status: number; html?: boolean }
  | { kind: "redirect"; status: number; location: string }
  | { kind: "cut-short" };
let login: Login = { kind: "ok" };
/** How a domain list answers: in ID order only when asked for it, else reversed on a later page. */
let redirectCalls = false;
/** The domain list holds a row without a name before the one looked for. */
let nameless = false;
const queries: URLSearchParams[] = [];

// Level 2 rows, as the lookup asks: with the home server and chat, which adoption compares.
const ROWS = Array.from({ length: 120 }, (_, i) => ({
  ID: i + 1,
  domainname: `d${i + 1}.example.com`,
  homeserver: null,
  chat: false,
}));

const upstream = standInServer((req, url) => {
  if (url.pathname === "/api/v1/login") {
    if (login.kind === "ok") return { status: 200, body: { grommunioAuthJwt: "jwt", csrf: "csrf" } };
    if (login.kind === "redirect") return { status: login.status, body: "", headers: { location: login.location } };
    if (login.kind === "cut-short") return { status: 200, body: '{"grommunioAuthJwt":"eyJ', type: "application/json" };
    return {
      status: login.status,
      body: login.html ? `<html><h1>${login.status}</h1>nginx</html>` : { message: "No" },
    };
  }
  if (redirectCalls)
    return { status: 301, body: "", headers: { location: "https://admin.example.com/api/v1/system/domains" } };
  if (url.pathname === "/api/v1/system/domains" && nameless)
    return { status: 200, body: { data: [{ ID: 7, domainname: null }, ROWS[59]], count: 2 } };
  if (url.pathname === "/api/v1/system/domains") {
    queries.push(url.searchParams);
    // The name filter not applied (an unknown parameter is ignored, §7): every row, 50 a page.
    // Without a sort the rows come in no stated order: here the second page reads them reversed.
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const sorted = url.searchParams.get("sort") === "ID,asc";
    const order = sorted || offset !== 50 ? ROWS : [...ROWS].reverse();
    return { status: 200, body: { data: order.slice(offset, offset + 50), count: ROWS.length } };
  }
  if (req.method === "POST" && url.pathname === "/api/v1/system/domains") return { status: 201, body: { ID: 1 } };
  // A found row without a home server is read again by its ID (the row's null may be a field the
  // list leaves out): the record, as grommunio answers it.
  const one = /^\/api\/v1\/system\/domains\/(\d+)$/.exec(url.pathname);
  if (one && ROWS[Number(one[1]) - 1]) return { status: 200, body: ROWS[Number(one[1]) - 1] };
  return { status: 404, body: { message: "Not found" } };
});
const base = () => `${upstream.origin()}/api/v1`;

beforeEach(() => {
  login = { kind: "ok" };
  redirectCalls = false;
  nameless = false;
  queries.length = 0;
});

// A client of its own per test: the login is shared per client.
const client = () => new GrommunioClient({ baseUrl: base(), user: "admin", password: "pw", timeoutMs: 5_000 });

describe("a grommunio login answered with a status a login does not get", () => {
  for (const [status, html] of [
    [403, true],
    [404, true],
    [405, false],
    [403, false],
  ] as const)
    it(`${status}${html ? " (an HTML page)" : ""} is held for a person, never rejected`, async () => {
      login = { kind: "status", status, html };
      const r = await client().createDomain({ domainname: "a.example.com", maxUser: 5 } as never, {
        createRole: false,
      });
      expect(r).toMatchObject({ kind: "auth", message: expect.stringMatching(/^grommunio login refused: /) });
      expect(judgeCreate(r, true, "a.example.com").verdict).toMatchObject({ to: "held" });
      expect(await client().findDomainByName("a.example.com")).toMatchObject({ kind: "auth" });
    });

  it("a 200 without the tokens (a proxy's sign-in page) is held for a person, never retried", async () => {
    login = { kind: "status", status: 200, html: true };
    const r = await client().createDomain({ domainname: "a.example.com", maxUser: 5 } as never, { createRole: false });
    expect(r).toMatchObject({ kind: "auth", message: "grommunio login answered without tokens" });
    expect(judgeCreate(r, true, "a.example.com").verdict).toMatchObject({ to: "held" });
  });

  it("a 200 whose JSON was cut short on the way is retried (transient), not held: the next login may be whole", async () => {
    login = { kind: "cut-short" };
    const r = await client().createDomain({ domainname: "a.example.com", maxUser: 5 } as never, { createRole: false });
    expect(r).toMatchObject({ kind: "transient", message: "grommunio login answered without tokens" });
    expect(judgeCreate(r, true, "a.example.com").verdict).toMatchObject({ to: "retrying" });
  });

  it("a 429 or a 5xx stays transient (the call was never sent)", async () => {
    login = { kind: "status", status: 429 };
    expect(await client().getDomain(1)).toMatchObject({ kind: "transient" });
    login = { kind: "status", status: 502, html: true };
    expect(await client().getDomain(1)).toMatchObject({ kind: "transient" });
  });
});

describe("a redirect from grommunio", () => {
  for (const status of [301, 302, 307, 308])
    it(`(${status}) to the login is not followed, and held saying the address redirects`, async () => {
      login = { kind: "redirect", status, location: "https://admin.example.com/login?token=secret" };
      const r = await client().getDomain(1);
      expect(r).toMatchObject({ kind: "auth" });
      const message = (r as { message: string }).message;
      expect(message).toContain(`answered with a redirect (HTTP ${status} to https://admin.example.com/login)`);
      // Where it points, without a query that may carry a token.
      expect(message).not.toContain("secret");
    });

  it("to a call is held the same way, never rejected", async () => {
    redirectCalls = true;
    const r = await client().createDomain({ domainname: "a.example.com", maxUser: 5 } as never, { createRole: false });
    expect(r).toMatchObject({ kind: "auth", message: expect.stringContaining("a redirect (HTTP 301") });
    expect(judgeCreate(r, true, "a.example.com").verdict).toMatchObject({ to: "held" });
    // The create itself was answered so: it reached a server and may have been applied.
    expect(redirectedCall(r.call)).toBe(true);
  });

  it("of the login before a create is not the create's: the create was never sent", async () => {
    login = { kind: "redirect", status: 302, location: "https://admin.example.com/login" };
    const r = await client().createDomain({ domainname: "a.example.com", maxUser: 5 } as never, { createRole: false });
    expect(r).toMatchObject({ kind: "auth", call: { status: 302 } });
    expect(redirectedCall(r.call)).toBe(false);
  });
});

describe("the exact-name lookup's paging", () => {
  it("asks for ID order, so a row that would move between offsets is still found", async () => {
    const r = await client().findDomainByName("d60.example.com");
    expect(r).toMatchObject({ kind: "found", ref: "60" });
    expect(queries.every((q) => q.get("sort") === "ID,asc")).toBe(true);
    expect(queries.length).toBe(2);
  });

  it("passes over a row without a name (a malformed list) instead of failing the lookup", async () => {
    nameless = true;
    expect(await client().findDomainByName("d60.example.com")).toMatchObject({ kind: "found", ref: "60" });
  });
});

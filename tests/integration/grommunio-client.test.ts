// GrommunioClient against the grommunio simulator over real HTTP: every documented status and
// body ends in the result class the worker relies on (docs/design.md invariants 2 and 4).
import net from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { privateSimulatorsForThisFile } from "./private-simulators";

privateSimulatorsForThisFile();

const origin = () => process.env.SIM_GROMMUNIO_ORIGIN!;
const client = (over: Partial<ConstructorParameters<typeof GrommunioClient>[0]> = {}) =>
  new GrommunioClient({
    baseUrl: process.env.GROMMUNIO_API_URL!,
    user: process.env.GROMMUNIO_USER!,
    password: process.env.GROMMUNIO_PASSWORD!,
    timeoutMs: 2000,
    ...over,
  });

const post = (path: string, body: unknown) =>
  fetch(`${origin()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const fault = (f: Record<string, unknown>) => post("/__sim/faults", f);
const ledger = async () =>
  (await (await fetch(`${origin()}/__sim/ledger`)).json()) as {
    created: Array<{ kind: string; key: string }>;
    duplicates: Array<{ key: string }>;
  };

beforeEach(async () => {
  await fetch(`${origin()}/__sim/reset`, { method: "POST" });
});

describe("GrommunioClient: success paths", () => {
  it("creates a server and finds it by hostname exactly, case-insensitively", async () => {
    const c = client();
    const created = await c.createServer({ hostname: "mx1.example.com", extname: "mail.example.com" });
    expect(created).toMatchObject({ kind: "success", ref: "1", data: { ID: 1, hostname: "mx1.example.com" } });
    expect(created.call).toMatchObject({ method: "POST", path: "/api/v1/system/servers", status: 201 });
    expect(created.call.durationMs).toBeGreaterThanOrEqual(0);
    expect(await c.findServerByHostname("MX1.example.com")).toMatchObject({ kind: "found", ref: "1" });
    expect(await c.findServerByHostname("mx1.example")).toMatchObject({ kind: "absent" });
  });

  it("creates a domain with a role, finds it by its unicode or ASCII name, reads and deletes it", async () => {
    const c = client();
    const created = await c.createDomain(
      { domainname: "münchen.de", maxUser: 10, title: "Stadt" },
      { createRole: true },
    );
    expect(created).toMatchObject({
      kind: "success",
      ref: "1",
      data: { domainname: "xn--mnchen-3ya.de", homeserver: null },
    });
    expect(created.call.path).toBe("/api/v1/system/domains?createRole=true");
    const found = await c.findDomainByName("münchen.de");
    expect(found).toMatchObject({ kind: "found", ref: "1", data: { displayname: "münchen.de" } });
    // The list row names no server (`homeserver: null`), so the lookup read it again by its
    // detail GET (docs/upstream/grommunio.md §7): the last call is that GET.
    expect(found.call.path).toBe("/api/v1/system/domains/1");
    expect(await c.findDomainByName("XN--MNCHEN-3YA.DE")).toMatchObject({ kind: "found", ref: "1" });
    expect(await c.getDomain(1)).toMatchObject({ kind: "found", data: { title: "Stadt", syncPolicy: null } });
    expect(await c.getDomain(2)).toMatchObject({ kind: "absent" });
    expect(await c.deleteDomain(1)).toMatchObject({
      kind: "success",
      data: { deleted: true, message: "Domain marked as deleted." },
    });
    expect(await c.findDomainByName("münchen.de")).toMatchObject({ kind: "found", data: { domainStatus: 3 } });
    expect(await c.deleteDomain(1, { purge: true })).toMatchObject({
      kind: "success",
      data: { deleted: true, message: "Domain removed." },
    });
    expect(await c.findDomainByName("münchen.de")).toMatchObject({ kind: "absent" });
    expect(await c.deleteDomain(1, { purge: true })).toMatchObject({ kind: "success", data: { deleted: false } });
  });

  it("refuses to delete a server that still has domains, then deletes it once empty", async () => {
    const c = client();
    await c.createServer({ hostname: "mx1", extname: "mx1" });
    await c.createDomain({ domainname: "a.de", maxUser: 1 }, { createRole: false });
    expect(await c.deleteServer(1)).toMatchObject({ kind: "rejected", call: { status: 400 } });
    await c.deleteDomain(1, { purge: true });
    expect(await c.deleteServer(1)).toMatchObject({
      kind: "success",
      data: { deleted: true, message: " #1 deleted." },
    });
  });
});

describe("GrommunioClient: rejections and duplicates", () => {
  it("maps validation and endpoint errors onto our field names", async () => {
    const c = client();
    const spec = await c.createDomain(
      { domainname: "a.de", maxUser: 1, syncPolicy: { allowwifi: 5 } },
      { createRole: false },
    );
    // Problems the portal words itself are keys (lib/i18n/field-problems.ts), so pages can say
    // them in the viewer's language.
    expect(spec).toMatchObject({ kind: "rejected", fieldErrors: { _form: [{ key: "specRejected" }] } });
    expect(
      await c.createDomain({ domainname: "a.de", maxUser: 1, homeserver: 42 }, { createRole: false }),
    ).toMatchObject({ kind: "rejected", fieldErrors: { homeserver: [{ key: "noServerWithId" }] } });
    expect(await c.createDomain({ domainname: "a_b.com", maxUser: 1 }, { createRole: false })).toMatchObject({
      kind: "rejected",
      fieldErrors: { domainname: [{ key: "notADomainName", values: { name: "a_b.com" } }] },
    });
    const noMax = { domainname: "a.de" } as unknown as Parameters<typeof c.createDomain>[0];
    expect(await c.createDomain(noMax, { createRole: false })).toMatchObject({
      kind: "rejected",
      fieldErrors: { maxUser: [{ key: "required" }] },
    });
    expect(await c.createServer({ hostname: "h" } as never)).toMatchObject({
      kind: "rejected",
      fieldErrors: { extname: [{ key: "required" }] },
    });
    expect((await ledger()).created).toEqual([]);
  });

  it("reports a duplicate (400, never 409) as unknown, and the lookup then finds the existing object", async () => {
    const c = client();
    await c.createDomain({ domainname: "example.com", maxUser: 1 }, { createRole: false });
    await c.createServer({ hostname: "mx1", extname: "mx1" });
    const dupDomain = await c.createDomain({ domainname: "Example.com", maxUser: 1 }, { createRole: false });
    expect(dupDomain).toMatchObject({ kind: "unknown", call: { status: 400 } });
    expect(await c.createServer({ hostname: "MX1", extname: "x" })).toMatchObject({
      kind: "unknown",
      call: { status: 400 },
    });
    expect(await c.findDomainByName("example.com")).toMatchObject({ kind: "found", ref: "1" });
    expect((await ledger()).duplicates.map((d) => d.key)).toEqual(["example.com", "mx1"]);
  });
});

describe("GrommunioClient: sessions", () => {
  it("logs in again once after the token expires and repeats the call", async () => {
    const c = client();
    expect((await c.createServer({ hostname: "a", extname: "a" })).kind).toBe("success");
    await post("/__sim/clock", { advanceSeconds: 8 * 24 * 3600 });
    expect(await c.createServer({ hostname: "b", extname: "b" })).toMatchObject({ kind: "success", ref: "2" });
    expect((await ledger()).created).toHaveLength(2);
  });

  it("shares one login among concurrent calls", async () => {
    // A 'delay 0' fault on /login counts logins without changing them.
    await fault({ path: "/api/v1/login", action: "delay", ms: 0, count: 100 });
    const c = client();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => c.createServer({ hostname: `h${i}`, extname: "x" })),
    );
    expect(results.every((r) => r.kind === "success")).toBe(true);
    const { faults } = (await (await fetch(`${origin()}/__sim/faults`)).json()) as { faults: Array<{ count: number }> };
    expect(100 - faults[0]!.count).toBe(1);
  });

  it("bounds a shared login by its own timeout, not by the deadline of the attempt that started it", async () => {
    // The login takes 600 ms. The first caller has 200 ms left; the second, joining the same
    // login, has seconds. The login still succeeds for the second; the first's own request is
    // never sent (its deadline passed), which is transient.
    await fault({ path: "/api/v1/login", action: "delay", ms: 600, count: 1 });
    const c = client();
    const short = c.scoped({ deadline: Date.now() + 200 }).createServer({ hostname: "short", extname: "x" });
    const long = c.scoped({ deadline: Date.now() + 5_000 }).createServer({ hostname: "long", extname: "x" });
    expect(await long).toMatchObject({ kind: "success" });
    expect(await short).toMatchObject({ kind: "transient" });
    expect((await ledger()).created.map((x) => x.key)).toEqual(["long"]);
  });

  it("stops a lookup at a page that repeats the one before (offset and filter ignored): cannot tell, at once", async () => {
    const c = client();
    for (const n of ["a", "b", "c"])
      expect(await c.createDomain({ domainname: `${n}.example`, maxUser: 1 }, { createRole: false })).toMatchObject({
        kind: "success",
      });
    await post("/__sim/grommunio/flags", { listFiltersIgnored: true, listOffsetIgnored: true, listLimitMax: 2 });
    // A 'delay 0' fault on the list counts its requests without changing them.
    await fault({ method: "GET", path: "/system/domains", action: "delay", ms: 0, count: 100 });
    expect(await c.findDomainByName("c.example")).toMatchObject({
      kind: "transient",
      message: expect.stringContaining("ignores the offset"),
    });
    const { faults } = (await (await fetch(`${origin()}/__sim/faults`)).json()) as { faults: Array<{ count: number }> };
    expect(100 - faults[0]!.count).toBe(2);
  });

  it("finds a domain's role past the first page when lists answer without `count`", async () => {
    // The shipped OpenAPI gives `{data: [...]}` alone and a page is 50 rows by default
    // (docs/upstream/grommunio.md §7): with more roles than that, the newest domain's role is on a
    // later page, and a full page without `count` must not end the lookup as "absent".
    const c = client();
    for (let n = 1; n <= 55; n++)
      expect(await c.createDomain({ domainname: `r${n}.example`, maxUser: 1 }, { createRole: true })).toMatchObject({
        kind: "success",
      });
    await post("/__sim/grommunio/flags", { listCountOmitted: true });
    expect(await c.findDomainAdminRole("55")).toMatchObject({ kind: "found" });
    expect(await c.findDomainAdminRole("56")).toMatchObject({ kind: "absent" });
    // A short page ends the read: one request for a filtered lookup that finds nothing.
    await fault({ method: "GET", path: "/system/domains", action: "delay", ms: 0, count: 100 });
    expect(await c.findDomainByName("none.example")).toMatchObject({ kind: "absent" });
    const { faults } = (await (await fetch(`${origin()}/__sim/faults`)).json()) as { faults: Array<{ count: number }> };
    expect(100 - faults[0]!.count).toBe(1);
  });

  it("returns auth for refused credentials, without the password or a token in the result", async () => {
    const result = await client({ password: "not-the-password" }).createServer({ hostname: "a", extname: "a" });
    expect(result).toMatchObject({ kind: "auth", call: { path: "/api/v1/login", status: 401 } });
    expect(JSON.stringify(result)).not.toContain("not-the-password");
  });
});

describe("GrommunioClient: faults", () => {
  const body = { domainname: "fault.example", maxUser: 1 };

  it("is transient for 429 (with Retry-After), 503 'Database not available.' and a refused connection", async () => {
    await fault({ method: "POST", path: "/system/domains", action: "status", status: 429, retryAfter: 3 });
    expect(await client().createDomain(body, { createRole: false })).toMatchObject({
      kind: "transient",
      retryAfterMs: 3000,
    });
    await post("/__sim/grommunio/flags", { databaseUnavailable: true });
    expect(await client().createDomain(body, { createRole: false })).toMatchObject({
      kind: "transient",
      call: { status: 503 },
    });
    await post("/__sim/grommunio/flags", { databaseUnavailable: false });
    const port = await closedPort();
    expect(
      await client({ baseUrl: `http://127.0.0.1:${port}/api/v1` }).createDomain(body, { createRole: false }),
    ).toMatchObject({ kind: "transient" });
  });

  it("is unknown for 500, 503 'Database error.', 502 and 504 with HTML bodies", async () => {
    const c = client();
    for (const f of [{ status: 500 }, { status: 503 }, { status: 502, html: true }, { status: 504, html: true }]) {
      await fault({ method: "POST", path: "/system/domains", action: "status", ...f });
      const r = await c.createDomain(body, { createRole: false });
      expect(r, JSON.stringify(f)).toMatchObject({ kind: "unknown", call: { status: f.status } });
      expect(r.kind !== "success" && r.message).not.toContain("<html>");
    }
  });

  it("is unknown when the domain was committed and then answered 500 or the connection dropped; the lookup finds it", async () => {
    const c = client();
    await fault({ method: "POST", path: "/system/domains", action: "status-after-commit", status: 500 });
    expect(await c.createDomain(body, { createRole: false })).toMatchObject({ kind: "unknown" });
    expect(await c.findDomainByName(body.domainname)).toMatchObject({ kind: "found", ref: "1" });
    await fault({ method: "POST", path: "/system/domains", action: "drop-after-commit" });
    expect(await c.createDomain({ ...body, domainname: "drop.example" }, { createRole: false })).toMatchObject({
      kind: "unknown",
    });
    expect(await c.findDomainByName("drop.example")).toMatchObject({ kind: "found", ref: "2" });
    // chat:true without the chat service: a real upstream 500 after the commit.
    expect(
      await c.createDomain({ ...body, domainname: "chat.example", chat: true }, { createRole: false }),
    ).toMatchObject({ kind: "unknown", call: { status: 500 } });
    expect(await c.findDomainByName("chat.example")).toMatchObject({ kind: "found" });
  });

  it("is unknown after a timeout, and the slow create still lands upstream", async () => {
    // The client's sign-in shares its timeout: 1 s leaves it room on a loaded machine.
    await fault({ method: "POST", path: "/system/domains", action: "delay", ms: 2_000 });
    const slow = client({ timeoutMs: 1_000 });
    const result = await slow.createDomain(body, { createRole: false });
    expect(result).toMatchObject({ kind: "unknown" });
    expect(result.call.status).toBeUndefined();
    await expect
      .poll(async () => (await client().findDomainByName(body.domainname)).kind, { timeout: 10_000 })
      .toBe("found");
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe("GrommunioClient: an answer that repeats a secret of the call", () => {
  const password = process.env.GROMMUNIO_PASSWORD!;

  it("keeps none of a refusal's message that quotes the admin password: the result says the status", async () => {
    await fault({
      method: "POST",
      path: "/system/domains",
      action: "status",
      status: 409,
      body: { message: `Conflict: '${password}' is not allowed here` },
    });
    const result = await client().createDomain({ domainname: "echo.example", maxUser: 1 }, { createRole: false });
    expect(result).toMatchObject({ kind: "rejected", message: "grommunio refused the request (409): HTTP 409" });
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("keeps the login's refusal without the password it quotes form-encoded", async () => {
    const c = client();
    // The first login, accepted.
    expect(await c.createServer({ hostname: "warm.example", extname: "warm.example" })).toMatchObject({
      kind: "success",
    });
    // A 401 to the call makes the client log in again; the login's refusal quotes its form body.
    await fault({ method: "POST", path: "/system/domains", action: "status", status: 401 });
    const echoed = new URLSearchParams({ user: process.env.GROMMUNIO_USER!, pass: password }).toString();
    await fault({
      method: "POST",
      path: "/login",
      action: "status",
      status: 401,
      body: { message: `refused: ${echoed}` },
    });
    const result = await c.createDomain({ domainname: "echo2.example", maxUser: 1 }, { createRole: false });
    expect(result).toMatchObject({ kind: "auth", message: "grommunio login refused: HTTP 401" });
    expect(JSON.stringify(result)).not.toContain(password);
  });
});

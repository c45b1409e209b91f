// Contract tests: how the Qboxmail client classifies credentials, rate limits, server errors,
// lost answers and timeouts (docs/design.md invariants 2 and 4), against the simulator's fault injection.
import net from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { ownershipRecord } from "@/lib/services/activation";
import { QBOXMAIL_OWNERSHIP_A_VALUE } from "@/lib/upstream/qboxmail/client";
import { privateSimulatorsForThisFile } from "./private-simulators";
import {
  domainBody,
  eventually,
  managerBody,
  qboxClient,
  qboxFault,
  qboxLedger,
  rawPost,
  resetQboxSim,
} from "./qboxmail-sim";

privateSimulatorsForThisFile();

beforeEach(resetQboxSim);

describe("Qboxmail client failure classes", () => {
  it("reports a refused token as auth, on creates and lookups, without echoing the token", async () => {
    const client = qboxClient({ token: "not-a-real-token-5ecret" });
    const created = await client.createDomain(domainBody("auth.com"));
    expect(created).toMatchObject({ kind: "auth", call: { status: 401 } });
    expect(JSON.stringify(created)).not.toContain("5ecret");
    expect(await client.findDomainByName("auth.com")).toMatchObject({ kind: "auth" });
    expect(await client.createManager(managerBody("m@auth.com"))).toMatchObject({ kind: "auth" });
    expect((await qboxLedger()).created).toHaveLength(0);
  });

  it("reports 429 as transient with the Retry-After delay, and nothing was created", async () => {
    await qboxFault({ method: "POST", path: "/api/domains", action: "status", status: 429, retryAfter: 7 });
    const result = await qboxClient().createDomain(domainBody("busy.com"));
    expect(result).toMatchObject({ kind: "transient", retryAfterMs: 7000, call: { status: 429 } });
    expect((await qboxClient().findDomainByName("busy.com")).kind).toBe("absent");
  });

  it("reports 500 and gateway HTML 502/504 as unknown", async () => {
    await qboxFault({ method: "POST", path: "/api/domains", action: "status", status: 500 });
    expect(await qboxClient().createDomain(domainBody("e500.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 500 },
    });
    await qboxFault({ method: "POST", path: "/api/domains", action: "status", status: 502, html: true });
    expect(await qboxClient().createDomain(domainBody("e502.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 502 },
    });
    await qboxFault({ method: "POST", path: "/api/managers", action: "status-after-commit", status: 504, html: true });
    expect(await qboxClient().createManager(managerBody("m@e504.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 504 },
    });
    // The 504 came after the commit: the lookup adopts what was made.
    expect(await qboxClient().findManagerByEmail("M@e504.com")).toMatchObject({ kind: "found" });
  });

  it("reports commit-then-drop as unknown, and the lookup then finds the domain; a retried POST meets already exists", async () => {
    await qboxFault({ method: "POST", path: "/api/domains", action: "drop-after-commit" });
    const client = qboxClient();
    const result = await client.createDomain(domainBody("dropped.com"));
    expect(result).toMatchObject({ kind: "unknown" });
    expect(result.call.status).toBeUndefined();
    const found = await client.findDomainByName("dropped.com");
    expect(found).toMatchObject({ kind: "found", ref: expect.stringMatching(/^D\d{9}$/) });
    expect(await client.createDomain(domainBody("dropped.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 422 },
    });
    expect((await qboxLedger()).created).toHaveLength(1);
  });

  it("reports a timeout after sending as unknown, and the slow create still lands", async () => {
    await qboxFault({ method: "POST", path: "/api/domains", action: "delay", ms: 800 });
    // Unknown, not created: the client gave up before the answer came (it would have read it).
    const result = await qboxClient({ timeoutMs: 200 }).createDomain(domainBody("slow.com"));
    expect(result).toMatchObject({ kind: "unknown" });
    const found = await eventually(async () => {
      const r = await qboxClient().findDomainByName("slow.com");
      return r.kind === "found" ? r : undefined;
    });
    expect(found.ref).toMatch(/^D\d{9}$/);
  });

  it("treats a slow lookup as transient (a read changes nothing)", async () => {
    await qboxFault({ method: "GET", path: "/api/domains", action: "delay", ms: 600 });
    expect(await qboxClient({ timeoutMs: 150 }).findDomainByName("x.com")).toMatchObject({ kind: "transient" });
    await qboxFault({ method: "GET", path: "/api/domains", action: "status", status: 503 });
    expect(await qboxClient().findDomainByName("x.com")).toMatchObject({ kind: "transient", call: { status: 503 } });
  });

  it("reports a refused connection as transient: the request never left", async () => {
    const port = await closedPort();
    const result = await qboxClient({ baseUrl: `http://127.0.0.1:${port}` }).createDomain(domainBody("refused.com"));
    expect(result).toMatchObject({ kind: "transient", call: { method: "POST", path: "/api/domains" } });
    expect(result.call.status).toBeUndefined();
  });

  it("reports a connection dropped before handling as unknown for a create (it cannot tell)", async () => {
    await qboxFault({ method: "POST", path: "/api/domains", action: "drop-before" });
    expect((await qboxClient().createDomain(domainBody("reset.com"))).kind).toBe("unknown");
    expect((await qboxClient().findDomainByName("reset.com")).kind).toBe("absent");
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("Qboxmail answers the documents allow but a careless client trips on", () => {
  it("passes over list entries that are not objects, and still finds the domain beside them", async () => {
    const created = await qboxClient().createDomain(domainBody("beside.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    const item = { code: created.ref, name: "beside.com", status: "ownership_check" };
    const body = { resources: [null, "D000000001", [], item], pagination: { page: 1, total_pages: 1 } };
    await qboxFault({ method: "GET", path: "/api/domains", action: "status", status: 200, body });
    expect(await qboxClient().findDomainByName("beside.com")).toMatchObject({ kind: "found", ref: created.ref });
    await qboxFault({ method: "GET", path: "/api/domains", action: "status", status: 200, body });
    expect(await qboxClient().listPage("domains", 1, 50, undefined)).toMatchObject({ ok: true, items: [item] });
  });

  it("sends the bodiless checks with an empty JSON object, which a server that reads JSON bodies takes", async () => {
    const created = await qboxClient().createDomain(domainBody("checked.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    expect(await qboxClient().ownershipCheck(created.ref)).toMatchObject({ kind: "success" });
    expect(await qboxClient().mxCheck(created.ref)).toMatchObject({ kind: "success" });
  });

  it("shows the owner the record Qboxmail's synchronous check names, and the assumed one when that check fails", async () => {
    await rawPost("/__sim/settings", JSON.stringify({ ownershipAddress: "198.51.100.23" }));
    const created = await qboxClient().createDomain(domainBody("shown.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    const read = await qboxClient().getDomain(created.ref);
    if (read.kind !== "found") throw new Error(read.kind);
    const settings = read.data as unknown as Record<string, unknown>;
    const label = String(settings.possession_a_record);
    const asked = await ownershipRecord("shown.com", created.ref, settings);
    expect(asked).toMatchObject({ name: `${label}.shown.com`, type: "A", value: "198.51.100.23" });
    expect(asked).not.toHaveProperty("unconfirmed");
    // The route answers 404 (a Qboxmail without it on domains): the record is built as before.
    await qboxFault({ method: "PUT", path: "/dns_ownership_check/sync", action: "status", status: 404 });
    // Marked, so the page says the address is an assumption to compare with Qboxmail's panel.
    expect(await ownershipRecord("shown.com", created.ref, settings)).toMatchObject({
      name: `${label}.shown.com`,
      value: QBOXMAIL_OWNERSHIP_A_VALUE,
      unconfirmed: true,
    });
  });
});

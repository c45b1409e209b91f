// The Qboxmail simulator's own guarantees beyond the client's view: check order (401 before the
// body, then 403, 400, 422), token roles, language, list quirks, queued deletion, and state that
// survives a restart. Runs its own instance so options and extra tokens can vary.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import { Ledger } from "@/simulators/common/ledger";
import { type SimServer, startSimServer } from "@/simulators/common/server";
import { SIM_CREDENTIALS, startSimulators } from "@/simulators/main";
import { createQboxmailSimulator } from "@/simulators/qboxmail";
import { domainBody, managerBody } from "./qboxmail-sim";

const TOKENS = {
  "t-admin": "admin",
  "t-reseller": "reseller",
  "t-customer": "customer",
  "t-manager": "manager",
  "t-postmaster": "postmaster",
  "t-nobilling": "nobilling",
};
const provider = createQboxmailSimulator({
  tokens: TOKENS,
  locationBase: "http://sim.example/",
  maxPer: 3,
  customerCodes: ["C1001"],
});
let server: SimServer;

beforeAll(async () => {
  server = await startSimServer({ provider, ledger: new Ledger(), port: 0, onChange: () => {} });
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${server.url}/__sim/reset`, { method: "POST" });
});

const client = (token = "t-reseller") => new QboxmailClient({ baseUrl: server.url, token, timeoutMs: 3000 });
async function call(
  method: string,
  path: string,
  token: string | undefined,
  body?: string,
  contentType: string | undefined = body === undefined ? undefined : "application/json",
) {
  const headers: Record<string, string> = contentType ? { "Content-Type": contentType } : {};
  if (token !== undefined) headers["X-Api-Token"] = token;
  const r = await fetch(`${server.url}${path}`, { method, headers, body });
  return {
    status: r.status,
    requestId: r.headers.get("x-request-id"),
    location: r.headers.get("location"),
    json: await r.json().catch(() => undefined),
  };
}
const setting = (s: Record<string, unknown>) => call("POST", "/__sim/settings", undefined, JSON.stringify(s));

describe("Qboxmail simulator check order and roles", () => {
  it("answers 401 for a missing, empty or unknown token before looking at the body", async () => {
    for (const token of [undefined, "", "t-unknown"]) {
      const r = await call("POST", "/api/domains", token, "{not json");
      expect([r.status, r.json]).toEqual([401, { message: "Unauthorized", errors: [] }]);
      expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("answers 403 to roles that may not act, before parsing the body", async () => {
    const forbidden = { message: "Forbidden", errors: [] };
    expect(await call("POST", "/api/domains", "t-nobilling", "{not json")).toMatchObject({
      status: 403,
      json: forbidden,
    });
    expect(await call("POST", "/api/domains", "t-manager", "{}")).toMatchObject({ status: 403 });
    expect(await call("GET", "/api/domains", "t-postmaster")).toMatchObject({ status: 403 });
    expect(await call("POST", "/api/managers", "t-customer", "{}")).toMatchObject({ status: 403 });
    expect(await client("t-nobilling").createDomain(domainBody("billable.com"))).toMatchObject({
      kind: "rejected",
      call: { status: 403 },
    });
  });

  it("lets each role do what it may", async () => {
    expect((await client("t-customer").createDomain(domainBody("mine.com"))).kind).toBe("success");
    expect((await client("t-manager").findDomainByName("mine.com")).kind).toBe("found");
    // Managers are not billable: a reseller without a billing profile may still create them.
    expect((await client("t-nobilling").createManager(managerBody("m@mine.com"))).kind).toBe("success");
  });

  it("requires an admin token to name a known customer_code", async () => {
    const admin = client("t-admin");
    expect(await admin.createDomain(domainBody("cust.com"))).toMatchObject({
      kind: "rejected",
      fieldErrors: { customer_code: ["can't be blank"] },
    });
    expect(await admin.createDomain(domainBody("cust.com", { customer_code: "C9" }))).toMatchObject({
      kind: "rejected",
      fieldErrors: { customer_code: ["is not valid"] },
    });
    const ok = await admin.createDomain(domainBody("cust.com", { customer_code: "C1001" }));
    expect(ok.kind === "success" && (await admin.getDomain(ok.ref))).toMatchObject({
      kind: "found",
      data: { customer_code: "C1001" },
    });
  });

  it("answers 404 with the envelope for unknown routes", async () => {
    expect(await call("GET", "/api/mailboxes", "t-reseller")).toMatchObject({
      status: 404,
      json: { message: "Not found", errors: [] },
    });
    expect(await call("PATCH", "/api/domains", "t-reseller", "{}")).toMatchObject({ status: 404 });
  });

  // That a code is never issued twice is pinned with scripted numbers in
  // tests/unit/qboxmail-simulator-codes.test.ts; here, that a restart keeps a deleted one.
  it("uses the configured Location base and keeps a deleted domain's code across a restart", async () => {
    const first = await call("POST", "/api/domains", "t-reseller", JSON.stringify(domainBody("loc.com")));
    expect(first.location).toBe(`http://sim.example/domains/${first.json.resource_code}`);
    const code: string = first.json.resource_code;
    await client().deleteDomain(code);
    // The restart: a new simulator, restored from what the old one saved (as JSON on disk).
    const saved = JSON.parse(JSON.stringify(provider.snapshot()));
    const restarted = createQboxmailSimulator({ tokens: TOKENS, locationBase: "http://sim.example/" });
    type Saved = { domains: { code: string }[]; issued: string[] };
    expect((restarted.snapshot() as Saved).issued).not.toContain(code);
    restarted.restore(saved);
    const kept = restarted.snapshot() as Saved;
    expect(kept.issued).toContain(code);
    expect(kept.domains.map((d) => d.code)).not.toContain(code);
  });
});

describe("Qboxmail simulator settings and quirks", () => {
  it("speaks Italian when asked, and the client still classifies by field, not text", async () => {
    await setting({ language: "it" });
    const bad = await call(
      "POST",
      "/api/domains",
      "t-reseller",
      JSON.stringify(domainBody("it.com", { max_email_quota: 1, default_quota: 2 })),
    );
    expect(bad.json).toEqual({
      message: "Validazione Fallita",
      errors: [
        { field: "max_email_quota", description: "non è un valore valido" },
        { field: "default_quota", description: "non è un valore valido" },
      ],
    });
    const ok = await call("POST", "/api/domains", "t-reseller", JSON.stringify(domainBody("it.com")));
    expect(ok.json.message).toBe("risorsa creata");
    expect(await client().createDomain(domainBody("IT.com"))).toMatchObject({ kind: "unknown", call: { status: 422 } });
  });

  it("caps the page size and fills the pagination block", async () => {
    for (const n of [1, 2, 3, 4]) await client().createDomain(domainBody(`cap${n}.org`));
    const r = await call("GET", "/api/domains?per=200&page=2&query=CAP", "t-reseller");
    expect(r.json.pagination).toEqual({
      per: 3,
      page: 2,
      total_pages: 2,
      query: "CAP",
      filter: null,
      status: null,
      sort_field: "name",
      sort: "asc",
      total_records: 4,
    });
    expect(r.json.resources.map((d: { name: string }) => d.name)).toEqual(["cap4.org"]);
    expect(await client().findDomainByName("cap4.org")).toMatchObject({ kind: "found" });
  });

  it("can answer 404 for an empty list, which the client reads as absent", async () => {
    await setting({ emptyListNotFound: true });
    expect((await call("GET", "/api/domains?query=none", "t-reseller")).status).toBe(404);
    expect((await client().findDomainByName("none.com")).kind).toBe("absent");
  });

  it("can queue deletions: the domain stays listed as deleting and keeps its name", async () => {
    await setting({ asyncDelete: true });
    const created = await client().createDomain(domainBody("queued.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    expect((await client().deleteDomain(created.ref)).kind).toBe("success");
    expect(await client().findDomainByName("queued.com")).toMatchObject({
      kind: "found",
      data: { status: "deleting" },
    });
    expect(await client().createDomain(domainBody("queued.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 422 },
    });
  });

  it("resets settings along with the data", async () => {
    await setting({ language: "it" });
    await fetch(`${server.url}/__sim/reset`, { method: "POST" });
    const r = await call("POST", "/api/domains", "t-reseller", JSON.stringify(domainBody("again.com")));
    expect(r.json.message).toBe("resource created");
  });

  it("enables a domain at the ownership check only once its record exists in DNS", async () => {
    const created = await client().createDomain(domainBody("owned.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    const check = () => call("PUT", `/api/domains/${created.ref}/dns_ownership_check`, "t-reseller", "{}");
    // A body said to be JSON must be JSON, an empty one too; without a content type none is read.
    const emptyJson = await call(
      "PUT",
      `/api/domains/${created.ref}/dns_ownership_check`,
      "t-reseller",
      undefined,
      "application/json",
    );
    expect(emptyJson.status).toBe(400);
    expect((await call("PUT", `/api/domains/${created.ref}/dns`, "t-reseller", "")).status).toBe(400);
    expect((await check()).status).toBe(200);
    const waiting = await client().getDomain(created.ref);
    if (waiting.kind !== "found") throw new Error(waiting.kind);
    expect(waiting.data.status).toBe("ownership_check");
    const label = (waiting.data as unknown as { possession_a_record: string }).possession_a_record;
    await fetch(`${server.url}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${label}.owned.com`, value: "185.97.217.16" }),
    });
    expect((await check()).status).toBe(200);
    expect(await client().getDomain(created.ref)).toMatchObject({
      kind: "found",
      data: { status: "enabled", status_detail: "ok" },
    });
  });

  it("answers the expected ownership record from the synchronous check, with the address it is set to", async () => {
    await setting({ ownershipAddress: "203.0.113.7" });
    const created = await client().createDomain(domainBody("synced.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    const first = await client().ownershipSync(created.ref);
    if (first.kind !== "success") throw new Error(first.kind);
    expect(first.data.verified).toBe(false);
    const record = first.data.expected!;
    expect(record).toMatchObject({ type: "A", value: "203.0.113.7", name: expect.stringMatching(/\.synced\.com$/) });
    await fetch(`${server.url}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: record.name, value: record.value }),
    });
    expect(await client().ownershipSync(created.ref)).toMatchObject({ kind: "success", data: { verified: true } });
    expect(await client().getDomain(created.ref)).toMatchObject({ kind: "found", data: { status: "enabled" } });
    await setting({ ownershipAddress: "185.97.217.16" });
  });
});

describe("Qboxmail simulator state file", () => {
  it("keeps domains, managers and their uniqueness across a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qbox-state-"));
    const stateFile = path.join(dir, "sims.json");
    const connect = (url: string) =>
      new QboxmailClient({ baseUrl: url, token: SIM_CREDENTIALS.qboxmailToken, timeoutMs: 3000 });
    try {
      const first = await startSimulators({ stateFile });
      const created = await connect(first.qboxmailUrl).createDomain(domainBody("kept.com"));
      await connect(first.qboxmailUrl).createManager(managerBody("kept@kept.com"));
      await first.close();

      const second = await startSimulators({ stateFile });
      try {
        const again = connect(second.qboxmailUrl);
        expect(await again.findDomainByName("KEPT.com")).toMatchObject({
          kind: "found",
          ref: created.kind === "success" ? created.ref : "?",
        });
        expect(await again.createDomain(domainBody("kept.com"))).toMatchObject({
          kind: "unknown",
          call: { status: 422 },
        });
        expect(await again.createManager(managerBody("KEPT@kept.com"))).toMatchObject({
          kind: "unknown",
          call: { status: 422 },
        });
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

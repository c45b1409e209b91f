// Contract tests: the Qboxmail client against the simulator for POST /api/managers (docs/upstream/qboxmail.md §3),
// the manager list and delete.
import { beforeEach, describe, expect, it } from "vitest";
import { PASSWORD_REFUSED } from "@/lib/upstream/qboxmail/classify";
import type { QboxmailManagerCreate } from "@/lib/upstream/qboxmail/types";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { domainBody, managerBody, qboxClient, qboxFault, qboxLedger, rawPost, resetQboxSim } from "./qboxmail-sim";

privateSimulatorsForThisFile();

const loose = (body: Record<string, unknown>) => body as unknown as QboxmailManagerCreate;

beforeEach(resetQboxSim);

describe("Qboxmail POST /api/managers", () => {
  it("creates a manager: 201, Location under /managers/, an MN + 8 digit code, documented defaults", async () => {
    const raw = await rawPost("/api/managers", JSON.stringify(managerBody("first@example.com")));
    expect(raw.status).toBe(201);
    expect(raw.json.resource_code).toMatch(/^MN\d{8}$/);
    expect(raw.headers.get("location")).toBe(`https://api.qboxmail.com/managers/${raw.json.resource_code}`);

    const client = qboxClient();
    const created = await client.createManager(managerBody("Second@Example.com", { company: "ACME" }));
    expect(created).toMatchObject({ kind: "success", ref: expect.stringMatching(/^MN\d{8}$/), call: { status: 201 } });
    const found = await client.findManagerByEmail("second@example.COM");
    expect(found).toMatchObject({
      kind: "found",
      ref: created.kind === "success" ? created.ref : "?",
      data: {
        email_address: "Second@Example.com",
        company: "ACME",
        max_domains: -1,
        max_email_accounts: -1,
        max_email_accounts_100gb: -1,
        catch_all: true,
        domain_codes: [],
      },
    });
    expect(JSON.stringify(await qboxLedger())).not.toContain("Ledgerfox2024");
  });

  it("assigns existing domains", async () => {
    const client = qboxClient();
    const domain = await client.createDomain(domainBody("managed.com"));
    if (domain.kind !== "success") throw new Error(domain.kind);
    const created = await client.createManager(
      managerBody("boss@managed.com", { domain_codes: [domain.ref], max_email_quota: 107374182400, catch_all: false }),
    );
    if (created.kind !== "success") throw new Error(created.kind);
    expect(await client.getManager(created.ref)).toMatchObject({
      kind: "found",
      data: { domain_codes: [domain.ref], catch_all: false },
    });
    expect(await client.getDomain(domain.ref)).toMatchObject({ kind: "found", data: { manager_code: created.ref } });
  });

  const cases: [string, Record<string, unknown>, Record<string, string[]>][] = [
    ["a missing e-mail", { email_address: "" }, { email_address: ["can't be blank"] }],
    ["an invalid e-mail", { email_address: "not-an-email" }, { email_address: ["is not valid"] }],
    [
      "missing names",
      { firstname: " ", lastname: undefined },
      { firstname: ["can't be blank"], lastname: ["can't be blank"] },
    ],
    ["a weak password", { password: "password", password_confirmation: "password" }, { password: [PASSWORD_REFUSED] }],
    [
      "a mismatched confirmation",
      { password_confirmation: "Ledgerfox2025" },
      { password_confirmation: [PASSWORD_REFUSED] },
    ],
    ["a missing confirmation", { password_confirmation: undefined }, { password_confirmation: [PASSWORD_REFUSED] }],
    [
      "bad limits",
      { max_domains: -5, max_email_accounts_50gb: "3" },
      { max_domains: ["is not valid"], max_email_accounts_50gb: ["is not valid"] },
    ],
    ["a quota outside the list", { max_email_quota: 12345 }, { max_email_quota: ["is not valid"] }],
    ["an unknown domain code", { domain_codes: ["D000000001"] }, { domain_codes: ["is not valid"] }],
    ["domain_codes that is not a list", { domain_codes: "D000000001" }, { domain_codes: ["is not valid"] }],
    ["a catch_all that is not a boolean", { catch_all: "yes" }, { catch_all: ["is not valid"] }],
  ];
  it.each(cases)("rejects %s with 422 on that field", async (_label, extra, fieldErrors) => {
    const result = await qboxClient().createManager(loose({ ...managerBody("check@example.com"), ...extra }));
    expect(result).toMatchObject({ kind: "rejected", call: { status: 422 } });
    if (result.kind === "rejected") expect(result.fieldErrors).toEqual(fieldErrors);
  });

  it("meets a duplicate e-mail, in any case, with 422 already exists: unknown, then found", async () => {
    const client = qboxClient();
    await client.createManager(managerBody("dup@example.com"));
    const raw = await rawPost("/api/managers", JSON.stringify(managerBody("DUP@example.com")));
    expect(raw.json).toEqual({
      message: "Validation failed",
      errors: [{ field: "email_address", description: "already exists" }],
    });
    expect(await client.createManager(managerBody("Dup@Example.com"))).toMatchObject({
      kind: "unknown",
      call: { status: 422 },
    });
    expect(await client.findManagerByEmail("dup@example.com")).toMatchObject({ kind: "found" });
    expect((await qboxLedger()).duplicates.filter((d) => d.kind === "manager")).toHaveLength(2);
  });

  it("reports commit-then-drop as unknown; the lookup by e-mail finds the manager", async () => {
    await qboxFault({ method: "POST", path: "/api/managers", action: "drop-after-commit" });
    const client = qboxClient();
    expect((await client.createManager(managerBody("lost@example.com"))).kind).toBe("unknown");
    expect(await client.findManagerByEmail("lost@example.com")).toMatchObject({
      kind: "found",
      ref: expect.stringMatching(/^MN\d{8}$/),
    });
  });
});

describe("Qboxmail manager lookups and deletes", () => {
  it("matches the exact e-mail although the search also matches names and longer addresses", async () => {
    const client = qboxClient();
    await client.createManager(managerBody("xann@example.com"));
    await client.createManager(managerBody("other@example.com", { firstname: "ann@example.com" }));
    const target = await client.createManager(managerBody("ann@example.com"));
    expect(await client.findManagerByEmail("ANN@example.com")).toMatchObject({
      kind: "found",
      ref: target.kind === "success" ? target.ref : "?",
    });
    expect((await client.findManagerByEmail("nn@example.com")).kind).toBe("absent");
  });

  it("deletes with 204, after which the manager is gone", async () => {
    const client = qboxClient();
    const created = await client.createManager(managerBody("bye@example.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    expect(await client.deleteManager(created.ref)).toMatchObject({
      kind: "success",
      data: { deleted: true },
      call: { status: 204 },
    });
    expect((await client.findManagerByEmail("bye@example.com")).kind).toBe("absent");
    expect((await client.getManager(created.ref)).kind).toBe("absent");
    expect(await client.deleteManager("MN00000000")).toMatchObject({ kind: "success", data: { deleted: false } });
  });
});

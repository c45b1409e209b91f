// Contract tests: the Qboxmail client against the simulator over real HTTP, for POST /api/domains
// (docs/upstream/qboxmail.md §2) and the domain list, get and delete routes.
import { beforeEach, describe, expect, it } from "vitest";
import { PASSWORD_REFUSED } from "@/lib/upstream/qboxmail/classify";
import type { QboxmailDomainCreate } from "@/lib/upstream/qboxmail/types";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { domainBody, qboxClient, qboxLedger, rawPost, resetQboxSim } from "./qboxmail-sim";

privateSimulatorsForThisFile();

const loose = (body: Record<string, unknown>) => body as unknown as QboxmailDomainCreate;

beforeEach(resetQboxSim);

describe("Qboxmail POST /api/domains", () => {
  it("creates a domain: 201, Location under /domains/, a D + 9 digit code, listed at once awaiting ownership", async () => {
    const raw = await rawPost("/api/domains", JSON.stringify(domainBody("hello1.com")));
    expect(raw.status).toBe(201);
    expect(raw.json.resource_code).toMatch(/^D\d{9}$/);
    expect(raw.headers.get("location")).toBe(`https://api.qboxmail.com/domains/${raw.json.resource_code}`);
    expect(raw.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.json.message).toBe("resource created");

    const client = qboxClient();
    const created = await client.createDomain(
      domainBody("  Shop.Example.COM ", { plan: "enterprise", chat: true, company: "Qboxmail" }),
    );
    expect(created).toMatchObject({
      kind: "success",
      ref: expect.stringMatching(/^D\d{9}$/),
      call: { method: "POST", path: "/api/domains", status: 201 },
    });
    expect(created.call.requestId).toMatch(/^[0-9a-f-]{36}$/);
    if (created.kind !== "success") return;
    const got = await client.getDomain(created.ref);
    expect(got).toMatchObject({
      kind: "found",
      ref: created.ref,
      data: {
        name: "shop.example.com",
        status: "ownership_check",
        plan: "enterprise",
        chat: true,
        company: "Qboxmail",
      },
    });
    // Secrets never rest in the simulator's ledger either.
    const ledger = await qboxLedger();
    expect(ledger.created.map((c) => c.ref)).toEqual([raw.json.resource_code, created.ref]);
    expect(JSON.stringify(ledger)).not.toContain("Fjordkite-70");
  });

  it("applies the documented defaults", async () => {
    const created = await qboxClient().createDomain(domainBody("defaults.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    const got = await qboxClient().getDomain(created.ref);
    expect(got.kind === "found" && got.data).toMatchObject({
      plan: "basic",
      antispam_level: 2,
      max_email_quota: 8589934592,
      default_quota: 8589934592,
      max_email_accounts: -1,
      catch_all_enabled: false,
      imap_disabled: false,
      allow_nets: [],
    });
  });

  const cases: [string, Record<string, unknown>, Record<string, string[]>][] = [
    ["a missing name", { name: "" }, { name: ["can't be blank"] }],
    ["a name that is not a domain", { name: "not a domain" }, { name: ["is not valid"] }],
    ["a name with a leading www.", { name: "www.example.com" }, { name: ["is not valid"] }],
    ["a single-label name", { name: "localhost" }, { name: ["is not valid"] }],
    [
      "a short password",
      { postmaster_password: "abc1", postmaster_password_confirmation: "abc1" },
      { postmaster_password: [PASSWORD_REFUSED] },
    ],
    [
      "a password without a digit",
      { postmaster_password: "abcdefghij", postmaster_password_confirmation: "abcdefghij" },
      { postmaster_password: [PASSWORD_REFUSED] },
    ],
    [
      "a password without a letter",
      { postmaster_password: "1234567890", postmaster_password_confirmation: "1234567890" },
      { postmaster_password: [PASSWORD_REFUSED] },
    ],
    [
      "a missing confirmation",
      { postmaster_password_confirmation: undefined },
      { postmaster_password_confirmation: [PASSWORD_REFUSED] },
    ],
    [
      "a mismatched confirmation",
      { postmaster_password_confirmation: "Fjordkite-71" },
      { postmaster_password_confirmation: [PASSWORD_REFUSED] },
    ],
    ["an unknown plan", { plan: "gold" }, { plan: ["is not valid"] }],
    ["catch-all without a destination", { catch_all_enabled: true }, { catch_all_destination: ["can't be blank"] }],
    [
      "catch-all to a bad address",
      { catch_all_enabled: true, catch_all_destination: "nobody" },
      { catch_all_destination: ["is not valid"] },
    ],
    [
      "a limit below -1 and a fractional one",
      { max_email_accounts: -2, max_email_accounts_25gb: 1.5 },
      { max_email_accounts: ["is not valid"], max_email_accounts_25gb: ["is not valid"] },
    ],
    ["a quota outside the list", { max_email_quota: 1000 }, { max_email_quota: ["is not valid"] }],
    [
      "a default quota above the maximum",
      { max_email_quota: 1073741824, default_quota: 2147483648 },
      { default_quota: ["is not valid"] },
    ],
    [
      "both quotas outside the list (the seed's example)",
      { max_email_quota: 7, default_quota: 9 },
      { max_email_quota: ["is not valid"], default_quota: ["is not valid"] },
    ],
    ["an antispam level of 4", { antispam_level: 4 }, { antispam_level: ["is not valid"] }],
    [
      "a boolean sent as a string",
      { imap_disabled: "true", pop_disabled: 1 },
      { imap_disabled: ["is not valid"], pop_disabled: ["is not valid"] },
    ],
    [
      "enterprise features on basic",
      { chat: true, meeting: true, calendar: true, block_old_password: true, force_otp: true },
      {
        chat: ["is not valid"],
        meeting: ["is not valid"],
        calendar: ["is not valid"],
        block_old_password: ["is not valid"],
        force_otp: ["is not valid"],
      },
    ],
    [
      "enterprise features on professional",
      { plan: "professional", chat: true, force_otp: true },
      { chat: ["is not valid"], force_otp: ["is not valid"] },
    ],
    [
      "professional features on basic",
      {
        activesync: true,
        xmpp: true,
        dav: true,
        api_enabled: true,
        password_change_disabled: true,
        password_recovery_disabled: true,
        password_expiration: 3,
        force_password_first_login: true,
      },
      {
        activesync: ["is not valid"],
        xmpp: ["is not valid"],
        dav: ["is not valid"],
        api_enabled: ["is not valid"],
        password_change_disabled: ["is not valid"],
        password_recovery_disabled: ["is not valid"],
        password_expiration: ["is not valid"],
        force_password_first_login: ["is not valid"],
      },
    ],
    [
      "a password expiration outside the list",
      { plan: "enterprise", password_expiration: 5 },
      { password_expiration: ["is not valid"] },
    ],
    [
      "a network that is not an IP or CIDR",
      { allow_nets: ["10.0.0.0/8", "1.2.3.4/33"] },
      { allow_nets: ["is not valid"] },
    ],
    ["allow_nets that is not a list", { allow_nets: "10.0.0.1" }, { allow_nets: ["is not valid"] }],
    ["a language other than it or en", { language: "de" }, { language: ["is not valid"] }],
    ["an unknown timezone", { timezone: "Mars/Olympus_Mons" }, { timezone: ["is not valid"] }],
    ["a company field that is not a string", { company: 42 }, { company: ["is not valid"] }],
    ["an unknown customer code", { customer_code: "C999" }, { customer_code: ["is not valid"] }],
  ];
  it.each(cases)("rejects %s with 422 on that field", async (_label, extra, fieldErrors) => {
    const result = await qboxClient().createDomain(loose({ ...domainBody("field-check.com"), ...extra }));
    expect(result).toMatchObject({ kind: "rejected", call: { status: 422 } });
    if (result.kind === "rejected") expect(result.fieldErrors).toEqual(fieldErrors);
    expect((await qboxLedger()).created).toHaveLength(0);
  });

  it("accepts every gated feature on its plan, false on any plan, and ignores unknown fields", async () => {
    const client = qboxClient();
    const enterprise = await client.createDomain(
      domainBody("ent.com", {
        plan: "enterprise",
        chat: true,
        meeting: true,
        calendar: true,
        block_old_password: true,
        force_otp: true,
        xmpp: true,
        password_expiration: 12,
        allow_nets: ["192.0.2.1", "2001:db8::/32"],
        language: "it",
        timezone: "Europe/Rome",
        catch_all_enabled: true,
        catch_all_destination: "all@ent.com",
      }),
    );
    expect(enterprise.kind).toBe("success");
    const pro = await client.createDomain(
      domainBody("pro.com", {
        plan: "professional",
        activesync: true,
        dav: true,
        api_enabled: true,
        password_expiration: 6,
        chat: false,
      }),
    );
    expect(pro.kind).toBe("success");
    const basic = await client.createDomain(
      loose({ ...domainBody("basic.com"), chat: false, xmpp: false, password_expiration: 0, shoe_size: 44 }),
    );
    expect(basic.kind).toBe("success");
  });

  it("collects every failure into one 422", async () => {
    const raw = await rawPost(
      "/api/domains",
      JSON.stringify({ name: "www.bad", postmaster_password: "x", plan: "basic", chat: true, antispam_level: 9 }),
    );
    expect(raw.status).toBe(422);
    expect(raw.json).toEqual({
      message: "Validation failed",
      errors: [
        { field: "name", description: "is not valid" },
        { field: "postmaster_password", description: "is not valid" },
        { field: "postmaster_password_confirmation", description: "can't be blank" },
        { field: "antispam_level", description: "is not valid" },
        { field: "chat", description: "is not valid" },
      ],
    });
  });

  it("answers 400 to invalid JSON, a non-object body and a non-JSON content type", async () => {
    for (const [body, headers] of [
      ["{nope", {}],
      ["[]", {}],
      ["name=a.com", { "Content-Type": "application/x-www-form-urlencoded" }],
    ] as const) {
      const raw = await rawPost("/api/domains", body, headers);
      expect(raw.status).toBe(400);
      expect(raw.json).toEqual({ message: "Bad request", errors: [] });
    }
    const viaClient = await qboxClient().createDomain(loose({}));
    expect(viaClient).toMatchObject({ kind: "rejected", fieldErrors: { name: ["can't be blank"] } });
  });

  it("meets a duplicate name, in any case, with 422 already exists: the client says unknown and the lookup finds it", async () => {
    const client = qboxClient();
    const first = await client.createDomain(domainBody("dup.com"));
    const again = await client.createDomain(domainBody("DUP.com"));
    expect(again).toMatchObject({ kind: "unknown", call: { status: 422 } });
    const found = await client.findDomainByName("Dup.Com");
    expect(found).toMatchObject({ kind: "found", ref: first.kind === "success" ? first.ref : "?" });
    const ledger = await qboxLedger();
    expect(ledger.created).toHaveLength(1);
    expect(ledger.duplicates).toEqual([expect.objectContaining({ kind: "domain", key: "dup.com" })]);
  });
});

describe("Qboxmail domain lookups and deletes", () => {
  it("finds the exact name even when the search matches several (a.com vs aa.com)", async () => {
    const client = qboxClient();
    const codes: Record<string, string> = {};
    for (const name of ["aa.com", "a.com", "ba.com", "a.com.au"]) {
      const r = await client.createDomain(domainBody(name));
      if (r.kind === "success") codes[name] = r.ref;
    }
    expect(await client.findDomainByName("A.COM")).toMatchObject({
      kind: "found",
      ref: codes["a.com"],
      data: { name: "a.com" },
    });
    expect(await client.findDomainByName("aa.com")).toMatchObject({ kind: "found", ref: codes["aa.com"] });
    expect((await client.findDomainByName("com")).kind).toBe("absent");
    expect((await client.findDomainByName("nothing-here.org")).kind).toBe("absent");
  });

  it("pages through the list until it finds the name", async () => {
    const client = qboxClient({ perPage: 2 });
    // The search for x.net matches all five; sorted by name, x.net itself is on page 3.
    for (const name of ["ax.net", "bx.net", "cx.net", "dx.net", "x.net"]) await client.createDomain(domainBody(name));
    const found = await client.findDomainByName("x.net");
    // Found on page 3, then read by its code: the lookup answers the record (client.ts readListed).
    if (found.kind !== "found") throw new Error(JSON.stringify(found));
    expect(found).toMatchObject({ data: { name: "x.net" }, call: { path: `/api/domains/${found.ref}` } });
    const missing = await client.findDomainByName("zx.net");
    expect(missing).toMatchObject({ kind: "absent" });
  });

  it("lists with the documented envelope and answers an empty page with 200", async () => {
    const empty = await fetch(`${process.env.QBOXMAIL_API_URL}/api/domains?query=zzz`, {
      headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
    });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({
      resources: [],
      pagination: {
        per: 25,
        page: 1,
        total_pages: 1,
        query: "zzz",
        filter: null,
        status: null,
        sort_field: "name",
        sort: "asc",
        total_records: 0,
      },
    });
  });

  it("answers 404 for an unknown or malformed code, deletes with 204 and frees the name", async () => {
    const client = qboxClient();
    expect((await client.getDomain("D000000000")).kind).toBe("absent");
    expect((await client.getDomain("../managers")).kind).toBe("absent");
    const raw = await fetch(`${process.env.QBOXMAIL_API_URL}/api/domains/nope`, {
      headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
    });
    expect([raw.status, await raw.json()]).toEqual([404, { message: "Not found", errors: [] }]);

    const created = await client.createDomain(domainBody("gone.com"));
    if (created.kind !== "success") throw new Error(created.kind);
    expect(await client.deleteDomain(created.ref)).toMatchObject({
      kind: "success",
      data: { deleted: true },
      call: { status: 204 },
    });
    expect((await client.findDomainByName("gone.com")).kind).toBe("absent");
    expect((await client.getDomain(created.ref)).kind).toBe("absent");
    expect(await client.deleteDomain(created.ref)).toMatchObject({ kind: "success", data: { deleted: false } });
    const again = await client.createDomain(domainBody("gone.com"));
    expect(again.kind === "success" && again.ref).not.toBe(created.ref);
  });
});

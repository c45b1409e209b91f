// What a Qboxmail lookup answers and how adoption judges it (docs/upstream/qboxmail.md §4, §7;
// docs/reliability.md "Ownership"): a bare single item that carries a field of its own named
// `resource` or `resources` is still the item; a list hit is read again by its code and judged on
// that record; the plan is compared without regard to case or spaces; a customer code the order
// sent must be reported and equal. Over a throwaway node:http server.
import { beforeAll, describe, expect, it } from "vitest";
import { mismatchesOf } from "@/lib/upstream/identity";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import { standInServer } from "../support/stand-in-server";

const RECORD = {
  code: "D000000001",
  name: "a.example.com",
  status: "enabled",
  plan: "professional",
  customer_code: "C2",
  resource: "domain",
  resources: "domain",
};

const upstream = standInServer((_req, url) => {
  if (url.pathname === "/api/domains/D000000001") return { body: RECORD };
  if (url.pathname === "/api/domains")
    return {
      body:
        url.searchParams.get("page") === "1" ? [{ code: "D000000001", name: "a.example.com", status: "enabled" }] : [],
    };
  return { status: 404, body: { message: "Not found", errors: [] } };
});

let client: QboxmailClient;
beforeAll(() => {
  client = new QboxmailClient({ baseUrl: upstream.origin(), token: "t", timeoutMs: 5_000 });
});

describe("Qboxmail answers read whole", () => {
  it("a bare item with its own `resource`/`resources` fields is the item", async () => {
    expect(await client.getDomain("D000000001")).toMatchObject({ kind: "found", ref: "D000000001", data: RECORD });
  });

  it("a list hit (a bare array of short rows) is answered as the record read by its code", async () => {
    expect(await client.findDomainByName("A.example.com")).toMatchObject({
      kind: "found",
      ref: "D000000001",
      data: { customer_code: "C2", plan: "professional" },
    });
  });
});

describe("identity of a Qboxmail domain", () => {
  const found = { code: "D1", name: "a.com", plan: " Professional ", customer_code: "C1" };

  it("compares the plan without regard to case or spaces", () => {
    expect(mismatchesOf("qboxmail_domain", { name: "a.com", plan: "professional" }, found)).toEqual([]);
    expect(mismatchesOf("qboxmail_domain", { name: "a.com", plan: "basic" }, found)).toHaveLength(1);
  });

  it("compares a customer code the order sent when the record reports one; null is a value", () => {
    const sent = { name: "a.com", plan: "professional", customer_code: "C1" };
    expect(mismatchesOf("qboxmail_domain", sent, found)).toEqual([]);
    expect(mismatchesOf("qboxmail_domain", sent, { ...found, customer_code: "C2" })).toHaveLength(1);
    expect(mismatchesOf("qboxmail_domain", sent, { ...found, customer_code: null })).toHaveLength(1);
    // A record that leaves the field out is not judged by it (its fields are not documented).
    expect(mismatchesOf("qboxmail_domain", sent, { code: "D1", name: "a.com", plan: "professional" })).toEqual([]);
    // An order without a customer code does not ask.
    expect(mismatchesOf("qboxmail_domain", { name: "a.com" }, { code: "D1", name: "a.com" })).toEqual([]);
  });
});

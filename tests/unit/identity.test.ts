import { describe, expect, it } from "vitest";
import {
  IDENTITY_FIELDS,
  identityOfPayload,
  mismatchedFieldsOf,
  mismatchesOf,
  notMatchingMessage,
} from "@/lib/upstream/identity";

describe("a resource found after a lost answer is adopted only if it matches the order", () => {
  it("compares a Qboxmail domain on more than its plan: name, plan (upstream default), customer, company, limits", () => {
    const sent = { name: "a.com", plan: "professional", company: "ACME", max_email_accounts: 10 };
    const same = { code: "D1", name: "A.com", plan: "professional", company: "ACME", max_email_accounts: 10 };
    expect(mismatchesOf("qboxmail_domain", sent, same)).toEqual([]);
    expect(mismatchesOf("qboxmail_domain", { name: "a.com" }, { code: "D1", name: "a.com", plan: "basic" })).toEqual(
      [],
    );
    // Same plan, someone else's domain: the company and the limits give it away.
    expect(mismatchesOf("qboxmail_domain", sent, { ...same, company: "Other Ltd", max_email_accounts: 50 })).toEqual([
      'company: "Other Ltd" upstream, "ACME" ordered',
      "max_email_accounts: 50 upstream, 10 ordered",
    ]);
    expect(
      mismatchesOf(
        "qboxmail_domain",
        { name: "a.com", plan: "enterprise" },
        { code: "D1", name: "a.com", plan: "basic" },
      ),
    ).toEqual(['plan: "basic" upstream, "enterprise" ordered']);
  });

  it("compares a domain name in its ASCII form: an IDN listed in Unicode is the one ordered as xn--…", () => {
    const sent = { name: "xn--mnchen-3ya.de", plan: "basic" };
    expect(mismatchesOf("qboxmail_domain", sent, { code: "D1", name: "München.de", plan: "basic" })).toEqual([]);
    expect(mismatchesOf("qboxmail_domain", sent, { code: "D1", name: "münchen.at", plan: "basic" })).toEqual([
      'name: "münchen.at" upstream, "xn--mnchen-3ya.de" ordered',
    ]);
    expect(mismatchesOf("grommunio_domain", { domainname: "a.com" }, { ID: 1, domainname: "A.COM" })).toEqual([]);
  });

  it("requires the natural key upstream, but skips other fields the upstream does not report", () => {
    expect(mismatchesOf("qboxmail_domain", { name: "a.com", plan: "basic" }, { code: "D1", plan: "basic" })).toEqual([
      'name: missing upstream, "a.com" ordered',
    ]);
    expect(
      mismatchesOf("grommunio_server", { hostname: "mx", extname: "mail.example.com" }, { ID: 1, hostname: "MX" }),
    ).toEqual([]);
    expect(mismatchesOf("qboxmail_manager", { email_address: "x@a.com" }, undefined)).toEqual([
      "the upstream answered without the resource's fields",
    ]);
  });

  it("never adopts a soft-deleted grommunio domain, and compares what was sent", () => {
    const sent = { domainname: "a.com", maxUser: 10, title: "Org" };
    const found = { ID: 4, domainname: "a.com", maxUser: 10, title: "Org", orgID: 0, domainStatus: 0 };
    expect(mismatchesOf("grommunio_domain", sent, found)).toEqual([]);
    expect(mismatchesOf("grommunio_domain", sent, { ...found, domainStatus: 3 })).toEqual([
      "domainStatus: 3 upstream, 0 ordered",
    ]);
    expect(mismatchesOf("grommunio_domain", sent, { ...found, maxUser: 50, title: "Other" })).toEqual([
      "maxUser: 50 upstream, 10 ordered",
      'title: "Other" upstream, "Org" ordered',
    ]);
    // An empty value upstream is a value: it differs from the title we sent.
    expect(mismatchesOf("grommunio_domain", sent, { ...found, title: "" })).toEqual([
      'title: "" upstream, "Org" ordered',
    ]);
    // Committed before chat was turned on, which then failed (the chat service down): not as ordered.
    expect(mismatchesOf("grommunio_domain", { ...sent, chat: true }, { ...found, chat: false })).toEqual([
      "chat: false upstream, true ordered",
    ]);
    expect(mismatchesOf("grommunio_domain", { ...sent, chat: true }, { ...found, chat: true })).toEqual([]);
    expect(mismatchesOf("grommunio_domain", sent, { ...found, chat: false })).toEqual([]);
  });

  it("never adopts a grommunio domain on another server than the one ordered", () => {
    const sent = { domainname: "a.com", maxUser: 10, homeserver: 2 };
    const found = { ID: 4, domainname: "a.com", maxUser: 10, homeserver: { ID: 2, hostname: "mx2.example.com" } };
    expect(mismatchesOf("grommunio_domain", sent, found)).toEqual([]);
    expect(mismatchesOf("grommunio_domain", sent, { ...found, homeserver: { ID: 3, hostname: "mx3" } })).toEqual([
      "homeserver: 3 upstream, 2 ordered",
    ]);
    // Read back with no server: not the one ordered on server 2.
    expect(mismatchesOf("grommunio_domain", sent, { ...found, homeserver: null })).toEqual([
      "homeserver: null upstream, 2 ordered",
    ]);
    // The other server is not named to the reseller.
    expect(mismatchedFieldsOf("grommunio_domain", sent, { ...found, homeserver: { ID: 3, hostname: "mx3" } })).toEqual([
      "homeserver: 2 ordered, a different value upstream",
    ]);
    // Left to grommunio (none or 0): any server is as ordered; a list without the field skips it.
    expect(mismatchesOf("grommunio_domain", { ...sent, homeserver: 0 }, found)).toEqual([]);
    expect(mismatchesOf("grommunio_domain", { ...sent, homeserver: null }, found)).toEqual([]);
    expect(mismatchesOf("grommunio_domain", sent, { ID: 4, domainname: "a.com", maxUser: 10 })).toEqual([]);
  });

  it("compares manager names and server external names", () => {
    expect(
      mismatchesOf(
        "qboxmail_manager",
        { email_address: "x@a.com", firstname: "Anna", lastname: "Rossi", password: "pw" },
        { code: "MN1", email_address: "x@a.com", firstname: "Anna", lastname: "Bianchi" },
      ),
    ).toEqual(['lastname: "Bianchi" upstream, "Rossi" ordered']);
    expect(
      mismatchesOf(
        "grommunio_server",
        { hostname: "mx", extname: "mail.example.com" },
        { ID: 1, hostname: "mx", extname: "other" },
      ),
    ).toHaveLength(1);
  });

  it("names every compared field per kind, never a password", () => {
    for (const fields of Object.values(IDENTITY_FIELDS)) {
      expect(fields.filter((f) => f.always)).toHaveLength(1);
      expect(fields.map((f) => f.field).join(" ")).not.toMatch(/password/i);
    }
  });

  it("builds what an order asked for from its payload, with the natural key as the key field", () => {
    expect(identityOfPayload("qboxmail_domain", { name: "Ä.com", plan: "basic" }, "xn--4ca.com")).toEqual({
      name: "xn--4ca.com",
      plan: "basic",
    });
  });

  it("says what differs without quoting anything but the compared fields", () => {
    const msg = notMatchingMessage(
      "a.com",
      mismatchesOf(
        "qboxmail_manager",
        { email_address: "a.com", firstname: "Anna", lastname: "Rossi", password: "Plumtree-9" },
        { email_address: "a.com", firstname: "Ann" },
      ),
    );
    expect(msg).toBe(
      'a.com exists upstream but does not match this order (firstname: "Ann" upstream, "Anna" ordered), so it was not adopted. Check it by hand.',
    );
    expect(msg).not.toContain("Plumtree-9");
  });

  it("words the differences for the reseller without the found resource's values", () => {
    const sent = { domainname: "a.com", maxUser: 10, title: "Org", address: "Via Roma 1" };
    const found = { domainname: "a.com", maxUser: 50, title: "Other Customer Srl", address: "Hauptstr. 5" };
    expect(mismatchedFieldsOf("grommunio_domain", sent, found)).toEqual([
      "maxUser: 10 ordered, a different value upstream",
      'title: "Org" ordered, a different value upstream',
      'address: "Via Roma 1" ordered, a different value upstream',
    ]);
    // The same comparison, with the values, for support.
    expect(mismatchesOf("grommunio_domain", sent, found)).toContain(
      'title: "Other Customer Srl" upstream, "Org" ordered',
    );
    // A key the upstream does not report quotes only what was ordered, in both forms.
    expect(mismatchedFieldsOf("grommunio_domain", sent, { title: "Org" })).toEqual([
      'domainname: missing upstream, "a.com" ordered',
    ]);
  });
});

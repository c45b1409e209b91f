import { describe, expect, it } from "vitest";
import { mismatchesOf, notMatchingMessage } from "@/workers/processors/match-found";

describe("a resource found after a lost answer is adopted only if it matches the order", () => {
  it("matches a Qboxmail domain on its plan, with the upstream default when none was sent", () => {
    expect(
      mismatchesOf(
        "qboxmail_domain",
        { name: "a.com", plan: "professional" },
        { code: "D1", name: "a.com", plan: "professional" },
      ),
    ).toEqual([]);
    expect(mismatchesOf("qboxmail_domain", { name: "a.com" }, { code: "D1", name: "a.com", plan: "basic" })).toEqual(
      [],
    );
    expect(
      mismatchesOf("qboxmail_domain", { name: "a.com", plan: "enterprise" }, { code: "D1", plan: "basic" }),
    ).toEqual(['plan: "basic" upstream, "enterprise" ordered']);
  });

  it("never adopts a soft-deleted grommunio domain, and compares what was sent", () => {
    const sent = { domainname: "a.com", maxUser: 10, title: "Org" };
    expect(
      mismatchesOf("grommunio_domain", sent, {
        ID: 4,
        domainname: "a.com",
        maxUser: 10,
        title: "Org",
        orgID: 0,
        domainStatus: 0,
      }),
    ).toEqual([]);
    expect(
      mismatchesOf("grommunio_domain", sent, { ID: 4, maxUser: 10, title: "Org", orgID: 0, domainStatus: 3 }),
    ).toEqual(["domainStatus: 3 upstream, 0 ordered"]);
    expect(mismatchesOf("grommunio_domain", sent, { ID: 4, maxUser: 50, title: "Other", domainStatus: 0 })).toEqual([
      "maxUser: 50 upstream, 10 ordered",
      'title: "Other" upstream, "Org" ordered',
    ]);
  });

  it("compares manager names and server external names, ignoring fields the upstream does not report", () => {
    expect(
      mismatchesOf(
        "qboxmail_manager",
        { email_address: "x@a.com", firstname: "Anna", lastname: "Rossi", password: "pw" },
        { code: "MN1", firstname: "Anna", lastname: "Bianchi" },
      ),
    ).toEqual(['lastname: "Bianchi" upstream, "Rossi" ordered']);
    expect(
      mismatchesOf("grommunio_server", { hostname: "mx", extname: "mail.example.com" }, { ID: 1, hostname: "mx" }),
    ).toEqual([]);
    expect(
      mismatchesOf("grommunio_server", { hostname: "mx", extname: "mail.example.com" }, { ID: 1, extname: "other" }),
    ).toHaveLength(1);
  });

  it("says what differs without quoting anything but the compared fields", () => {
    const msg = notMatchingMessage(
      "a.com",
      mismatchesOf(
        "qboxmail_manager",
        { firstname: "Anna", lastname: "Rossi", password: "Secret-9" },
        { firstname: "Ann" },
      ),
    );
    expect(msg).toBe(
      'a.com exists upstream but does not match this order (firstname: "Ann" upstream, "Anna" ordered), so it was not adopted. Check it by hand.',
    );
    expect(msg).not.toContain("Secret-9");
  });
});

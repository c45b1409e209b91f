// What attempt rows may keep of upstream requests and responses (docs/design.md invariant 6).
import { describe, expect, it } from "vitest";
import { orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import { allowListedRequest, allowListedResponse } from "@/lib/upstream/allow-list";
import { upstreamRequestFor } from "../support/upstream-request";

const PW = "Allow-List-9";

describe("allow-listed attempt records", () => {
  it("never lists a secret field of any order kind", () => {
    for (const def of Object.values(orderKinds)) {
      const secretish = [
        ...def.secretFields,
        "password",
        "password_confirmation",
        "postmaster_password",
        "token",
        "secret",
      ];
      const body = Object.fromEntries(secretish.map((f) => [f, "Canary-Secret-1"]));
      expect(allowListedRequest(def.kind, body, body), def.kind).toEqual({});
    }
  });

  it("keeps the named fields of a real request and drops the passwords", () => {
    const r = parseOrderForm("qboxmail_manager", {
      email_address: "a@example.com",
      firstname: "A",
      lastname: "B",
      password: PW,
      password_confirmation: PW,
      company: "ACME",
    });
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    const req = upstreamRequestFor("qboxmail_manager", r.payload, r.secrets);
    expect(JSON.stringify(req.body)).toContain(PW);
    const kept = allowListedRequest("qboxmail_manager", req.body, req.query);
    expect(kept).toMatchObject({ email_address: "a@example.com", firstname: "A", lastname: "B", company: "ACME" });
    expect(JSON.stringify(kept)).not.toContain(PW);
  });

  it("keeps the grommunio createRole query and drops unknown response fields", () => {
    expect(
      allowListedRequest("grommunio_domain", { domainname: "x.de", maxUser: 1, extra: "drop" }, { createRole: "true" }),
    ).toEqual({ domainname: "x.de", maxUser: 1, query: { createRole: "true" } });
    expect(
      allowListedResponse({ ID: 4, domainname: "x.de", password: PW, token: "t", message: "m".repeat(400) }),
    ).toEqual({ ID: 4, domainname: "x.de", message: "m".repeat(300) });
    expect(allowListedResponse("not an object")).toEqual({});
  });
});

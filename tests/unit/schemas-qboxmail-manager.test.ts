// Qboxmail manager order schema (docs/upstream/qboxmail.md §3) and the exact body for POST /api/managers.
import { describe, expect, it } from "vitest";
import { orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import { upstreamRequestFor } from "../support/upstream-request";

const def = orderKinds.qboxmail_manager;
const BASE = {
  email_address: "Anna.Rossi@Example.com",
  firstname: "Anna",
  lastname: "Rossi",
  password: "Plumtree-123",
  password_confirmation: "Plumtree-123",
};

function accept(form: Record<string, unknown>) {
  const r = parseOrderForm("qboxmail_manager", { ...BASE, ...form });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r;
}
function errors(form: Record<string, unknown>) {
  const r = parseOrderForm("qboxmail_manager", { ...BASE, ...form });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.payload)}`);
  return r.fieldErrors;
}

describe("qboxmail_manager", () => {
  it("sends the five required fields of the seed example, and nothing unset", () => {
    const r = accept({});
    expect(upstreamRequestFor("qboxmail_manager", r.payload, r.secrets).body).toEqual({
      // In lower case, the natural key the lookups ask for (docs/upstream/qboxmail.md §4).
      email_address: "anna.rossi@example.com",
      firstname: "Anna",
      lastname: "Rossi",
      password: "Plumtree-123",
      password_confirmation: "Plumtree-123",
    });
    expect(r.payload).toEqual({ email_address: "Anna.Rossi@Example.com", firstname: "Anna", lastname: "Rossi" });
    expect(r.secrets).toEqual({ password: "Plumtree-123" });
    expect(def.naturalKey(r.payload)).toBe("anna.rossi@example.com");
  });

  it("sends every optional field as given", () => {
    const r = accept({
      company: "ACME",
      max_domains: "5",
      max_email_accounts: -1,
      max_email_accounts_archive: 0,
      max_email_accounts_25gb: 1,
      max_email_accounts_50gb: 2,
      max_email_accounts_100gb: 3,
      max_email_quota: "107374182400",
      domain_codes: "D123456789\nD12345678",
      catch_all: "off",
    });
    expect(upstreamRequestFor("qboxmail_manager", r.payload, r.secrets).body).toEqual({
      ...BASE,
      email_address: "anna.rossi@example.com",
      company: "ACME",
      max_domains: 5,
      max_email_accounts: -1,
      max_email_accounts_archive: 0,
      max_email_accounts_25gb: 1,
      max_email_accounts_50gb: 2,
      max_email_accounts_100gb: 3,
      max_email_quota: 107374182400,
      domain_codes: ["D123456789", "D12345678"],
      catch_all: false,
    });
  });

  it("requires a valid e-mail and both names", () => {
    expect(errors({ email_address: "anna" }).email_address?.[0]).toMatch(/name@example.com/);
    expect(errors({ email_address: undefined }).email_address).toEqual(["Enter the manager's e-mail address"]);
    expect(errors({ firstname: " " }).firstname).toEqual(["Enter the manager's first name"]);
    expect(errors({ lastname: undefined }).lastname).toEqual(["Enter the manager's last name"]);
  });

  it("takes an address on an international domain, in the domain's ASCII form; not a non-ASCII part before @", () => {
    for (const [typed, sent] of [
      ["anna@münchen.de", "anna@xn--mnchen-3ya.de"],
      ["Anna@Bücher.Example", "Anna@xn--bcher-kva.example"],
      ["info@xn--e1afmkfd.xn--p1ai", "info@xn--e1afmkfd.xn--p1ai"],
    ]) {
      expect(accept({ email_address: typed }).payload.email_address, typed).toBe(sent);
    }
    expect(accept({ email_address: "info@пример.рф" }).payload.email_address).toBe("info@xn--e1afmkfd.xn--p1ai");
    // Shown (and searched) in the Unicode spelling, as a domain's name is; the key stays ASCII.
    expect(accept({ email_address: "Anna@Bücher.Example" })).toMatchObject({
      displayName: "Anna@bücher.example",
      naturalKey: "anna@xn--bcher-kva.example",
    });
    expect(accept({ email_address: "info@example.com" }).displayName).toBe("info@example.com");
    expect(errors({ email_address: "jürgen@example.com" }).email_address?.[0]).toMatch(/before @/);
    expect(errors({ email_address: "anna@ｅｘａｍｐｌｅ.com" }).email_address?.[0]).toMatch(/name@example.com/);
  });

  it("applies the password rule and the confirmation", () => {
    expect(errors({ password: "secret", password_confirmation: "secret" }).password).toEqual([
      "Use at least 8 characters, with a letter and a digit",
    ]);
    expect(errors({ password_confirmation: "Plumtree-124" }).password_confirmation?.[0]).toMatch(/same password twice/);
    expect(errors({ password: "", password_confirmation: "" })).toMatchObject({
      password: ["Enter a password"],
      password_confirmation: ["Type the password again"],
    });
    expect(errors({ password: "Secret١٢٣", password_confirmation: "Secret١٢٣" }).password).toBeDefined(); // Arabic-Indic digits
    expect(accept({ password: " pässwörd1 ", password_confirmation: " pässwörd1 " }).secrets).toEqual({
      password: " pässwörd1 ",
    }); // not trimmed
  });

  it("accepts the 13 quota values only and limits of -1 or more", () => {
    expect(accept({ max_email_quota: 52428800 }).payload.max_email_quota).toBe(52428800);
    expect(errors({ max_email_quota: 1 }).max_email_quota).toEqual(["Choose one of the offered quota sizes"]);
    expect(errors({ max_domains: -5 }).max_domains).toBeDefined();
  });

  it("treats domain codes as opaque non-empty strings, listed once", () => {
    expect(accept({ domain_codes: ["DD66042061", "  ", "D072048005"] }).payload.domain_codes).toEqual([
      "DD66042061",
      "D072048005",
    ]);
    expect(errors({ domain_codes: ["D123456789", "D123456789"] }).domain_codes).toEqual([
      "Each domain may be listed only once",
    ]);
    expect(errors({ domain_codes: [42] }).domain_codes).toBeDefined();
  });

  it("defaults catch-all to true in the form, like the upstream", () => {
    expect(def.defaults.catch_all).toBe(true);
    expect(accept({}).payload.catch_all).toBeUndefined();
  });
});

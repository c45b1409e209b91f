// Qboxmail domain order schema: the rules of docs/upstream/qboxmail.md §2, and the exact
// request body that reaches POST /api/domains.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { bytesParts } from "@/lib/format/bytes";
import { localizeMessage } from "@/lib/i18n/validation";
import { orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { upstreamRequestFor } from "../support/upstream-request";

const def = orderKinds.qboxmail_domain;
const PW = { postmaster_password: "Fjordkite-70", postmaster_password_confirmation: "Fjordkite-70" };

function accept(form: Record<string, unknown>) {
  const r = parseOrderForm("qboxmail_domain", form);
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r;
}
function errors(form: Record<string, unknown>) {
  const r = parseOrderForm("qboxmail_domain", { name: "example.com", ...PW, ...form });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.payload)}`);
  return r.fieldErrors;
}
const body = (form: Record<string, unknown>) => {
  const r = accept(form);
  return upstreamRequestFor("qboxmail_domain", r.payload, r.secrets).body;
};

describe("qboxmail_domain: seed examples", () => {
  it("sends only name and postmaster password when nothing else is set (seed example 1)", () => {
    expect(body({ name: "hello1.com", ...PW })).toEqual({
      name: "hello1.com",
      postmaster_password: "Fjordkite-70",
      postmaster_password_confirmation: "Fjordkite-70",
    });
  });

  it("leaves the catch-all out when it is off: Qboxmail offers it only to customers past their trial", () => {
    const sent = body({ name: "hello3.com", ...PW, catch_all_enabled: "false" });
    expect(sent).not.toHaveProperty("catch_all_enabled");
    expect(body({ name: "hello4.com", ...PW, catch_all_enabled: "on", catch_all_destination: "a@b.it" })).toMatchObject(
      {
        catch_all_enabled: true,
      },
    );
  });

  it("fills in no password expiry: Qboxmail's reference gives it no default and no allowed values", () => {
    expect(def.defaults).not.toHaveProperty("password_expiration");
    const field = def.fieldSections.flatMap((s) => s.fields).find((f) => f.name === "password_expiration");
    expect(field?.default).toBeUndefined();
  });

  it("sends plan and company as given (seed example 2)", () => {
    expect(body({ name: "hello2.com", ...PW, plan: "enterprise", company: "Qboxmail" })).toEqual({
      name: "hello2.com",
      postmaster_password: "Fjordkite-70",
      postmaster_password_confirmation: "Fjordkite-70",
      plan: "enterprise",
      company: "Qboxmail",
    });
  });
});

describe("qboxmail_domain: payload and secrets", () => {
  it("keeps the password out of the payload and rebuilds the confirmation from the secret", () => {
    const r = accept({ name: "Example.com", ...PW, antispam_level: 3 });
    expect(r.payload).toEqual({ name: "Example.com", antispam_level: 3 });
    expect(r.secrets).toEqual({ postmaster_password: "Fjordkite-70" });
    expect(JSON.stringify(r.payload)).not.toContain("Fjordkite-70");
    expect(def.naturalKey(r.payload)).toBe("example.com");
    // Sent as the natural key, in lower case: what the lookups ask for (docs/upstream/qboxmail.md §4).
    expect(upstreamRequestFor("qboxmail_domain", r.payload, r.secrets).body).toMatchObject({ name: "example.com" });
    expect(() => upstreamRequestFor("qboxmail_domain", r.payload, {})).toThrow(/Missing secret/);
  });

  it("sends every field of a full enterprise order, FormData-style strings converted", () => {
    const form = {
      name: "münchen.de",
      ...PW,
      plan: "enterprise",
      catch_all_enabled: "on",
      catch_all_destination: " all@example.org ",
      max_email_accounts: "10",
      max_email_accounts_archive: "-1",
      max_email_accounts_25gb: "0",
      max_email_accounts_50gb: "2",
      max_email_accounts_100gb: "1",
      max_email_quota: "17179869184",
      default_quota: "1073741824",
      antispam_level: "1",
      imap_disabled: "true",
      pop_disabled: "false",
      archive_disabled: false,
      webmail_disabled: false,
      smtp_disabled: false,
      chat: true,
      activesync: true,
      meeting: true,
      calendar: true,
      xmpp: true,
      dav: true,
      api_enabled: true,
      password_change_disabled: true,
      password_recovery_disabled: true,
      password_expiration: "6",
      force_password_first_login: true,
      block_old_password: true,
      force_otp: true,
      allow_nets: "192.0.2.10\n198.51.100.0/24, 2001:db8::/32\n",
      company: "ACME",
      telephone: "+39 02 1234",
      address: "Via Roma 1",
      city: "Milano",
      zip: "20100",
      state: "MI",
      country: "IT",
      language: "it",
      timezone: "Europe/Rome",
    };
    const sent = body(form);
    expect(sent).toMatchObject({
      name: "xn--mnchen-3ya.de",
      catch_all_enabled: true,
      catch_all_destination: "all@example.org",
      max_email_accounts: 10,
      max_email_accounts_archive: -1,
      max_email_accounts_25gb: 0,
      max_email_quota: 17179869184,
      default_quota: 1073741824,
      antispam_level: 1,
      imap_disabled: true,
      pop_disabled: false,
      password_expiration: 6,
      force_otp: true,
      allow_nets: ["192.0.2.10", "198.51.100.0/24", "2001:db8::/32"],
      language: "it",
      timezone: "Europe/Rome",
    });
    expect(Object.keys(sent).sort()).toEqual([...Object.keys(form)].sort());
  });

  it("drops the customer code and outbound limit a reseller sends: an admin sets them per reseller", () => {
    const r = accept({ name: "example.com", ...PW, customer_code: "C0042", outbound_limit_id: "7" });
    expect(r.payload).toEqual({ name: "example.com" });
    // The stored payload (written by placeOrder()) carries them and the worker re-checks them.
    const stored = { name: "example.com", plan: "basic", customer_code: "C0042", outbound_limit_id: 7 };
    expect(def.payloadSchema.safeParse(stored).success).toBe(true);
  });

  it("omits empty optional strings", () => {
    expect(accept({ name: "example.com", ...PW, company: "", city: "  ", timezone: "" }).payload).toEqual({
      name: "example.com",
    });
  });
});

describe("qboxmail_domain: rules", () => {
  it("requires a strong, confirmed password", () => {
    expect(
      errors({ postmaster_password: "short1", postmaster_password_confirmation: "short1" }).postmaster_password,
    ).toEqual(["Use at least 8 characters, with a letter and a digit"]);
    // Characters as a person counts them: six, though JavaScript's length of the string is nine.
    expect(
      errors({ postmaster_password: "Ab1😀😀😀", postmaster_password_confirmation: "Ab1😀😀😀" }).postmaster_password,
    ).toEqual(["Use at least 8 characters, with a letter and a digit"]);
    expect(
      accept({
        name: "example.com",
        postmaster_password: "Ab1😀😀😀xy",
        postmaster_password_confirmation: "Ab1😀😀😀xy",
      }).secrets,
    ).toEqual({ postmaster_password: "Ab1😀😀😀xy" });
    expect(
      errors({ postmaster_password: "abcdefgh", postmaster_password_confirmation: "abcdefgh" }).postmaster_password,
    ).toBeDefined();
    expect(
      errors({ postmaster_password: "12345678", postmaster_password_confirmation: "12345678" }).postmaster_password,
    ).toBeDefined();
    expect(errors({ postmaster_password_confirmation: "Fjordkite-71" }).postmaster_password_confirmation?.[0]).toMatch(
      /same password twice/,
    );
    expect(errors({ postmaster_password: undefined }).postmaster_password).toEqual(["Enter a password"]);
  });

  it("takes up to 1,000 allowed networks and refuses more with one message on the field", () => {
    const nets = (n: number) => Array.from({ length: n }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`).join("\n");
    expect(accept({ name: "example.com", ...PW, plan: "enterprise", allow_nets: nets(1000) }).payload).toMatchObject({
      allow_nets: expect.arrayContaining(["10.3.231.0/24"]),
    });
    expect(errors({ plan: "enterprise", allow_nets: nets(1001) })).toEqual({
      allow_nets: ["Use at most 1000 entries"],
    });
  });

  it("checks the domain name", () => {
    expect(errors({ name: "www.example.com" }).name?.[0]).toMatch(/without www/);
    expect(errors({ name: "a_b.com" }).name).toBeDefined();
    expect(errors({ name: "" }).name).toEqual(["Enter the domain name"]);
    expect(errors({ name: "example.c0m" }).name?.[0]).toMatch(/top-level domain/);
    expect(errors({ name: "example.x" }).name?.[0]).toMatch(/top-level domain/);
    expect(accept({ name: "example.xn--p1ai", ...PW }).payload.name).toBe("example.xn--p1ai");
  });

  it("needs a valid catch-all destination when catch-all is on, and refuses one typed with it off", () => {
    expect(errors({ catch_all_enabled: true }).catch_all_destination?.[0]).toMatch(/catch-all/);
    expect(errors({ catch_all_enabled: true, catch_all_destination: "nobody" }).catch_all_destination?.[0]).toMatch(
      /e-mail address/,
    );
    // It would not be sent: said on its field, not dropped without a word.
    expect(errors({ catch_all_enabled: false, catch_all_destination: "a@example.com" }).catch_all_destination).toEqual([
      "This address receives the catch-all mail only while the catch-all is on: turn the catch-all on, or empty this field",
    ]);
    const r = accept({ name: "example.com", ...PW, catch_all_enabled: false, catch_all_destination: "" });
    expect(r.payload).toEqual({ name: "example.com", catch_all_enabled: false });
  });

  it("allows enterprise-only features only on enterprise", () => {
    for (const field of ["chat", "meeting", "calendar", "block_old_password", "force_otp"] as const) {
      expect(errors({ plan: "professional", [field]: true })[field]?.[0]).toMatch(/enterprise plan/);
      expect(errors({ [field]: true })[field]).toBeDefined(); // no plan = basic
      expect(accept({ name: "example.com", ...PW, plan: "enterprise", [field]: true }).payload[field]).toBe(true);
    }
  });

  it("allows professional features on professional and enterprise only", () => {
    for (const field of [
      "activesync",
      "xmpp",
      "dav",
      "api_enabled",
      "password_change_disabled",
      "password_recovery_disabled",
      "force_password_first_login",
    ] as const) {
      expect(errors({ plan: "basic", [field]: true })[field]?.[0]).toMatch(/professional or enterprise/);
      expect(accept({ name: "example.com", ...PW, plan: "professional", [field]: true }).payload[field]).toBe(true);
    }
    expect(errors({ plan: "basic", password_expiration: 3 }).password_expiration).toBeDefined();
    expect(
      accept({ name: "example.com", ...PW, plan: "professional", password_expiration: 3 }).payload.password_expiration,
    ).toBe(3);
  });

  it("leaves switched-off gated features out of the request on plans without them", () => {
    const r = accept({
      name: "example.com",
      ...PW,
      plan: "basic",
      chat: false,
      activesync: "off",
      password_expiration: "0",
      imap_disabled: false,
    });
    expect(r.payload).toEqual({ name: "example.com", plan: "basic", imap_disabled: false });
  });

  it("accepts only the upstream's quota values, default no larger than maximum", () => {
    expect(errors({ max_email_quota: 1000 }).max_email_quota).toEqual(["Choose one of the offered quota sizes"]);
    expect(errors({ max_email_quota: 107374182400 }).max_email_quota).toBeDefined(); // 100 GB: managers only
    expect(errors({ max_email_quota: 1073741824, default_quota: 2147483648 }).default_quota?.[0]).toMatch(
      /no larger than the maximum quota \(1 GB\)/,
    );
    expect(errors({ default_quota: 17179869184 }).default_quota?.[0]).toMatch(/8 GB/); // upstream default maximum
    expect(accept({ name: "example.com", ...PW, max_email_quota: 52428800, default_quota: 52428800 }).ok).toBe(true);
  });

  it("words the maximum's size in the viewer's language when the default exceeds it", () => {
    const values = bytesParts(1.5 * 1024 ** 3);
    const say = (locale: string, messages: typeof en) =>
      createTranslator({ locale, messages, namespace: "validation" })("defaultQuotaAboveMax", values);
    expect(say("en", en)).toBe("Choose a default quota no larger than the maximum quota (1.5 GB)");
    expect(say("de", de as typeof en)).toContain("(1,5 GB)");
    expect(say("it", it_ as typeof en)).toContain("(1,5 GB)");
  });

  it("accepts limits of -1 or more as whole numbers", () => {
    expect(errors({ max_email_accounts: -2 }).max_email_accounts?.[0]).toMatch(/“No limit” \(-1 through the API\)/);
    expect(errors({ max_email_accounts_25gb: 1.5 }).max_email_accounts_25gb).toBeDefined();
    expect(errors({ max_email_accounts_archive: "many" }).max_email_accounts_archive).toBeDefined();
    expect(
      accept({ name: "example.com", ...PW, max_email_accounts: -1, max_email_accounts_100gb: 0 }).payload,
    ).toMatchObject({ max_email_accounts: -1, max_email_accounts_100gb: 0 });
  });

  it("checks enumerations and formats", () => {
    expect(errors({ antispam_level: 4 }).antispam_level).toBeDefined();
    expect(errors({ plan: "gold" }).plan?.[0]).toMatch(/basic, professional or enterprise/);
    expect(errors({ language: "de" }).language?.[0]).toMatch(/it .*en/);
    expect(errors({ timezone: "Rome time!" }).timezone?.[0]).toMatch(/Europe\/Rome/);
    expect(errors({ timezone: "Europe/Atlantis" }).timezone).toBeDefined();
    expect(errors({ imap_disabled: "maybe" }).imap_disabled).toEqual(["Choose yes or no"]);
    for (const outbound_limit_id of [-3, 2.5]) {
      expect(def.payloadSchema.safeParse({ name: "example.com", outbound_limit_id }).success).toBe(false);
    }
    for (const timezone of ["America/Argentina/Buenos_Aires", "Asia/Kolkata", "Europe/Kyiv", "UTC", "Europe/Rome"]) {
      expect(accept({ name: "example.com", ...PW, timezone }).payload.timezone).toBe(timezone);
    }
    // Sent as the list spells it, whatever case was typed.
    expect(accept({ name: "example.com", ...PW, timezone: "europe/rome" }).payload.timezone).toBe("Europe/Rome");
    expect(accept({ name: "example.com", ...PW, timezone: "utc" }).payload.timezone).toBe("UTC");
  });

  it("sends a time zone typed in any case as the IANA list spells it, links included, and refuses names not in it", () => {
    const sent = (timezone: string) => accept({ name: "example.com", ...PW, timezone }).payload.timezone;
    // Current IANA names, links (old names) and short names: each keeps the name typed, in its spelling.
    for (const [typed, spelled] of [
      ["asia/kolkata", "Asia/Kolkata"],
      ["ASIA/CALCUTTA", "Asia/Calcutta"],
      ["europe/kyiv", "Europe/Kyiv"],
      ["europe/kiev", "Europe/Kiev"],
      ["etc/utc", "Etc/UTC"],
      ["us/eastern", "US/Eastern"],
      ["gmt", "GMT"],
      ["est5edt", "EST5EDT"],
      ["america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"],
      ["etc/gmt+5", "Etc/GMT+5"],
    ] as const) {
      expect(sent(typed)).toBe(spelled);
    }
    // Intl takes these, but they are no IANA names (or no longer), so Qboxmail's list cannot hold them.
    for (const timezone of ["PST", "IST", "SystemV/AST4", "US/Pacific-New", "Factory", "Europe/Roma"]) {
      expect(errors({ timezone }).timezone).toEqual([
        "Enter a time zone name from the IANA list, in English: Area/City such as Europe/Rome or America/New_York, or UTC",
      ]);
    }
  });

  it("says what to type for an unknown time zone in Italian and German too", () => {
    const [message = ""] = errors({ timezone: "Roma" }).timezone ?? [];
    const say = (locale: string, messages: typeof en) =>
      localizeMessage(message, createTranslator({ locale, messages, namespace: "validation" }));
    expect(say("it", it_ as typeof en)).toBe(
      "Inserisca il nome di un fuso orario dell'elenco IANA, in inglese: Area/Città come Europe/Rome o America/New_York, oppure UTC",
    );
    expect(say("de", de as typeof en)).toBe(
      "Geben Sie den Namen einer Zeitzone aus der IANA-Liste ein, auf Englisch: Gebiet/Stadt wie Europe/Rome oder America/New_York, oder UTC",
    );
  });

  it("accepts IPv4/IPv6 addresses and networks in allow_nets, nothing else", () => {
    expect(
      accept({ name: "example.com", ...PW, allow_nets: ["192.0.2.1", "10.0.0.0/8", "2001:db8::1", "::/0"] }).ok,
    ).toBe(true);
    for (const bad of ["300.1.1.1", "192.0.2.0/33", "example.com", "2001:db8::/129"]) {
      expect(errors({ allow_nets: ["192.0.2.1", bad] }).allow_nets?.[0]).toContain(bad);
    }
  });

  it("lets the worker re-check a stored payload with the same rules", () => {
    expect(def.payloadSchema.safeParse({ name: "example.com", plan: "basic", chat: true }).success).toBe(false);
    expect(def.payloadSchema.safeParse({ name: "example.com", plan: "enterprise", chat: true }).success).toBe(true);
  });
});

// The order form's rules for people (docs/order-form.md): sizes and durations with units, "no
// limit" as a box, negative times refused, every error at once (cross-field rules included, no
// message twice), common passwords refused, the ActiveSync "changed from default" marker, and a
// translated label and help for every field in every language.
import fc from "fast-check";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { localizeMessage } from "@/lib/i18n/validation";
import { formDataToInput, ORDER_KINDS, orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import { changedPolicySettings } from "@/lib/orders/schemas/policy-changes";
import { lowestPlan, PLAN_GATED_FIELDS, type PlanGatedField } from "@/lib/orders/schemas/qboxmail-plans";
import { SYNC_POLICY_DEFAULTS, SYNC_POLICY_FIELDS } from "@/lib/orders/schemas/sync-policy";
import { displayAmount, fromDisplay, toDisplay } from "@/lib/orders/schemas/units";
import { CHANGE_SCHEMAS, STORED_CHANGE_SCHEMAS } from "@/lib/services/change-kinds";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

function form(entries: [string, string][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

const DOMAIN: [string, string][] = [
  ["domainname", "example.com"],
  ["maxUser", "10"],
];

function policyOf(entries: [string, string][]) {
  const parsed = parseOrderForm("grommunio_domain", formDataToInput("grommunio_domain", form([...DOMAIN, ...entries])));
  if (!parsed.ok) return parsed;
  return { ok: true as const, policy: parsed.payload.syncPolicy as Record<string, unknown> };
}

describe("the ActiveSync policy choice", () => {
  it("sends no policy for the provider's, whatever settings came along, and the settings for the domain's own", () => {
    const settings: [string, string][] = [
      ["syncPolicy.allowwifi", "false"],
      ["syncPolicy.maxinacttimedevlock", "5"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
    ];
    const provider = policyOf([["policyChoice", "provider"], ...settings]);
    expect(provider).toEqual({ ok: true, policy: undefined });
    expect(policyOf([])).toEqual({ ok: true, policy: undefined });
    const own = policyOf([["policyChoice", "own"], ...settings]);
    expect(own.ok && own.policy).toMatchObject({ allowwifi: 0, maxinacttimedevlock: 300 });
  });
});

describe("numbers over what the upstream stores", () => {
  it("are refused with the largest allowed named, not as if they were negative", () => {
    const r = policyOf([
      ["policyChoice", "own"],
      ["syncPolicy.maxattsize", "3"],
      ["syncPolicy.maxattsize~unit", "GB"],
      ["syncPolicy.devpwhistory", "3000000000"],
    ]);
    if (r.ok) throw new Error("accepted");
    expect(r.fieldErrors["syncPolicy.maxattsize"]).toEqual(["Enter a size below 2 GB: at most 2147483647 bytes"]);
    expect(r.fieldErrors["syncPolicy.devpwhistory"]).toEqual(["Use 2147483647 or less"]);
    const limit = parseOrderForm("qboxmail_manager", { max_email_accounts: "3000000000" });
    expect(limit.ok ? undefined : limit.fieldErrors.max_email_accounts).toEqual(["Use 2147483647 or less"]);
  });
});

describe("the truncation sizes' largest, in KB", () => {
  it("is named in KB, about 2 TB, not as the 2 GB of a size in bytes, in every language", () => {
    // 2,100,000 MB is 2,150,400,000 KB: over the largest; 2,000 MB (2,048,000 KB) is far below it.
    const r = policyOf([
      ["policyChoice", "own"],
      ["syncPolicy.maxemailbodytruncsize", "2100000"],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
      ["syncPolicy.maxemailhtmlbodytruncsize", "2147483648"],
      ["syncPolicy.maxemailhtmlbodytruncsize~unit", "KB"],
    ]);
    if (r.ok) throw new Error("accepted");
    const message = "Enter a size below 2 TB: at most 2,147,483,647 KB";
    expect(r.fieldErrors["syncPolicy.maxemailbodytruncsize"]).toEqual([message]);
    expect(r.fieldErrors["syncPolicy.maxemailhtmlbodytruncsize"]).toEqual([message]);
    const ok = policyOf([
      ["policyChoice", "own"],
      ["syncPolicy.maxemailbodytruncsize", "2000"],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
    ]);
    expect(ok.ok && ok.policy).toMatchObject({ maxemailbodytruncsize: 2_048_000 });
    // The API's numbers, in KB, get the same message.
    const api = parseOrderForm("grommunio_domain", {
      domainname: "example.com",
      maxUser: 1,
      syncPolicy: { maxemailbodytruncsize: 2_147_483_648 },
    });
    expect(api.ok ? undefined : api.fieldErrors["syncPolicy.maxemailbodytruncsize"]).toEqual([message]);
    const say = (locale: string, messages: typeof en) =>
      localizeMessage(message, createTranslator({ locale, messages, namespace: "validation" }));
    expect(say("it", it_ as typeof en)).toBe("Inserisca una dimensione inferiore a 2 TB: al massimo 2.147.483.647 KB");
    expect(say("de", de as typeof en)).toBe("Geben Sie eine Größe unter 2 TB ein: höchstens 2.147.483.647 KB");
  });
});

describe("units", () => {
  it("converts sizes as binary multiples and durations to seconds, into the base unit", () => {
    expect(fromDisplay("B", "10", "MB")).toBe(String(10 * 1024 * 1024));
    expect(fromDisplay("B", "1,5", "GB")).toBe(String(1.5 * 1024 ** 3));
    expect(fromDisplay("KB", "2", "MB")).toBe("2048");
    expect(fromDisplay("s", "15", "min")).toBe("900");
    expect(fromDisplay("s", "abc", "min")).toMatchObject({ refusedAmount: true, why: "notNumber" });
    expect(toDisplay("s", 900)).toEqual({ amount: 15, unit: "min" });
    expect(toDisplay("s", 90)).toEqual({ amount: 90, unit: "s" });
    expect(toDisplay("B", 10 * 1024 * 1024)).toEqual({ amount: 10, unit: "MB" });
    expect(toDisplay("KB", 0)).toEqual({ amount: 0, unit: "KB" });
    // Whatever is shown reads back as the value it shows, also "1.125 KB" (1152 bytes).
    expect(displayAmount(toDisplay("B", 1152).amount)).toBe("1.1250");
    for (const base of ["B", "KB", "s", "d"] as const)
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), (value) => {
          const shown = toDisplay(base, value);
          expect(fromDisplay(base, displayAmount(shown.amount), shown.unit)).toBe(String(value));
        }),
      );
  });

  it("sends the upstream's base unit from the form's amount and unit", () => {
    const r = policyOf([
      ["syncPolicy.maxattsize", "10"],
      ["syncPolicy.maxattsize~unit", "MB"],
      ["syncPolicy.maxinacttimedevlock", "5"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
      ["syncPolicy.maxemailbodytruncsize", "1"],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
    ]);
    expect(r).toMatchObject({
      ok: true,
      policy: { maxattsize: 10 * 1024 * 1024, maxinacttimedevlock: 300, maxemailbodytruncsize: 1024 },
    });
  });
});

describe("amounts that are not a whole base unit", () => {
  it("are refused with a message that says so, never rounded to a value nobody typed", () => {
    expect(fromDisplay("KB", "1,5", "MB")).toBe("1536");
    expect(fromDisplay("d", "1.5", "d")).toEqual({
      refusedAmount: true,
      amount: "1.5",
      unit: "d",
      base: "d",
      why: "fraction",
    });
    // "2.000" is two thousand in Italian and German, two in English: neither is guessed.
    expect(fromDisplay("KB", "2.000", "MB")).toMatchObject({ refusedAmount: true, why: "grouped" });
    expect(fromDisplay("s", "1,200", "min")).toMatchObject({ refusedAmount: true, why: "grouped" });
    expect(fromDisplay("KB", "2000", "MB")).toBe(String(2000 * 1024));
    expect(fromDisplay("KB", "1.25", "MB")).toBe("1280");
    expect(fromDisplay("B", "0.500", "GB")).toBe(String(512 * 1024 ** 2));
    expect(fromDisplay("KB", "0,125", "MB")).toBe("128");
    expect(fromDisplay("s", "0.01", "min")).toMatchObject({ refusedAmount: true, unit: "min", base: "s" });
    const r = policyOf([
      ["syncPolicy.devpwexpiration", "1.5"],
      ["syncPolicy.maxemailbodytruncsize", "1.3"],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
      ["syncPolicy.maxattsize", "0.3"],
      ["syncPolicy.maxattsize~unit", "KB"],
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors["syncPolicy.devpwexpiration"]).toEqual([
      "1.5 days is not a whole number of days: enter an amount that is (nothing is rounded)",
    ]);
    expect(r.fieldErrors["syncPolicy.maxemailbodytruncsize"]?.[0]).toMatch(/^1\.3 MB is not a whole number of KB/);
    expect(r.fieldErrors["syncPolicy.maxattsize"]?.[0]).toMatch(/^0\.3 KB is not a whole number of bytes/);
    const grouped = policyOf([
      ["syncPolicy.maxemailbodytruncsize", "2.000"],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
    ]);
    expect(grouped.ok).toBe(false);
    if (grouped.ok) return;
    expect(grouped.fieldErrors["syncPolicy.maxemailbodytruncsize"]?.[0]).toMatch(/^2\.000 could mean a thousand times/);
  });
});

describe("amounts the unit conversion does not read as typed", () => {
  it("takes a leading plus sign in the unit chosen, never as that many base units", () => {
    expect(fromDisplay("B", "+5", "MB")).toBe(String(5 * 1024 ** 2));
    expect(fromDisplay("s", " +15 ", "min")).toBe("900");
    expect(fromDisplay("KB", "+1,5", "MB")).toBe("1536");
    const r = policyOf([
      ["syncPolicy.maxattsize", "+5"],
      ["syncPolicy.maxattsize~unit", "MB"],
      ["syncPolicy.maxinacttimedevlock", "+15"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
    ]);
    expect(r).toMatchObject({ ok: true, policy: { maxattsize: 5 * 1024 ** 2, maxinacttimedevlock: 900 } });
  });

  it("refuses anything else that is not a number, saying what to type, instead of the field reading it", () => {
    const r = policyOf([
      ["syncPolicy.maxattsize", "5 MB"],
      ["syncPolicy.maxattsize~unit", "MB"],
      ["syncPolicy.maxinacttimedevlock", "1e3"],
      ["syncPolicy.maxinacttimedevlock~unit", "s"],
      ["syncPolicy.devpwexpiration", "++3"],
    ]);
    if (r.ok) throw new Error("accepted");
    expect(r.fieldErrors["syncPolicy.maxattsize"]).toEqual([
      "5 MB is not a number: type the amount in digits, such as 15 or 1.5",
    ]);
    expect(r.fieldErrors["syncPolicy.maxinacttimedevlock"]).toEqual([
      "1e3 is not a number: type the amount in digits, such as 15 or 1.5",
    ]);
    expect(r.fieldErrors["syncPolicy.devpwexpiration"]?.[0]).toMatch(/^\+\+3 is not a number/);
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    expect(german("amountNotNumber", { amount: "1e3" })).toBe(
      "1e3 ist keine Zahl: Geben Sie die Menge in Ziffern ein, zum Beispiel 15 oder 1,5",
    );
  });

  it("says that an amount too large to write out is too large, not that it must be 0 or more", () => {
    const huge = "99999999999999999999";
    expect(fromDisplay("B", huge, "GB")).toMatchObject({ refusedAmount: true, why: "tooLarge" });
    expect(fromDisplay("s", "9".repeat(400), "min")).toMatchObject({ refusedAmount: true, why: "tooLarge" });
    const r = policyOf([
      ["syncPolicy.maxattsize", huge],
      ["syncPolicy.maxattsize~unit", "GB"],
      ["syncPolicy.maxemailbodytruncsize", huge],
      ["syncPolicy.maxemailbodytruncsize~unit", "MB"],
      ["syncPolicy.devpwexpiration", "9".repeat(25)],
      ["syncPolicy.devpwhistory", huge],
      ["syncPolicy.maxinacttimedevlock", huge],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
    ]);
    if (r.ok) throw new Error("accepted");
    expect(r.fieldErrors["syncPolicy.maxattsize"]).toEqual(["Enter a size below 2 GB: at most 2147483647 bytes"]);
    expect(r.fieldErrors["syncPolicy.maxemailbodytruncsize"]).toEqual([
      "Enter a size below 2 TB: at most 2,147,483,647 KB",
    ]);
    expect(r.fieldErrors["syncPolicy.devpwexpiration"]).toEqual(["Use 2147483647 or less"]);
    expect(r.fieldErrors["syncPolicy.devpwhistory"]).toEqual(["Use 2147483647 or less"]);
    expect(r.fieldErrors["syncPolicy.maxinacttimedevlock"]?.[0]).toMatch(/^Enter at most 9999 seconds/);
    // A negative one is still negative.
    const negative = policyOf([
      ["syncPolicy.maxattsize", `-${huge}`],
      ["syncPolicy.maxattsize~unit", "GB"],
      ["syncPolicy.maxinacttimedevlock", `-${"9".repeat(400)}`],
    ]);
    if (negative.ok) throw new Error("accepted");
    expect(negative.fieldErrors["syncPolicy.maxattsize"]).toEqual(["Enter a size of 0 or more, or choose “No limit”"]);
    expect(negative.fieldErrors["syncPolicy.maxinacttimedevlock"]?.[0]).toMatch(/cannot be negative/);
    // The API's numbers past 2^53 too: the field's largest is named, once.
    const api = parseOrderForm("grommunio_domain", {
      domainname: "example.com",
      maxUser: 1e21,
      syncPolicy: { devpwhistory: 1e21, devpwexpiration: -1e21 },
    });
    if (api.ok) throw new Error("accepted");
    expect(api.fieldErrors["syncPolicy.devpwhistory"]).toEqual(["Use 2147483647 or less"]);
    expect(api.fieldErrors["syncPolicy.devpwexpiration"]?.[0]).toMatch(/days of 0 or more/);
    expect(api.fieldErrors.maxUser).toEqual(["Use a whole number from 0 to 4294967295"]);
  });
});

describe("the device lock time", () => {
  it("is typed up to 9999 seconds: grommunio reads a longer one as never, so the form says to tick “Never lock”", () => {
    const message =
      "Enter at most 9999 seconds (166 min 39 s), or choose “Never lock” (10000): grommunio reads any longer time as never";
    const typed = policyOf([
      ["syncPolicy.maxinacttimedevlock", "170"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
    ]);
    expect(typed.ok ? typed.policy : typed.fieldErrors).toEqual({ "syncPolicy.maxinacttimedevlock": [message] });
    const edge = policyOf([
      ["syncPolicy.maxinacttimedevlock", "9999"],
      ["syncPolicy.maxinacttimedevlock~unit", "s"],
    ]);
    expect(edge).toMatchObject({ ok: true, policy: { maxinacttimedevlock: 9999 } });
    const never = policyOf([
      ["syncPolicy.maxinacttimedevlock", "170"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
      ["syncPolicy.maxinacttimedevlock~none", "true"],
    ]);
    expect(never).toMatchObject({ ok: true, policy: { maxinacttimedevlock: 10000 } });
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    const italian = createTranslator({ locale: "it", messages: it_, namespace: "validation" });
    const values = { max: 9999, minutes: 166, seconds: 39, never: 10000 };
    expect(german("lockAtMost", values)).toContain("„Nie sperren“ (10000)");
    expect(italian("lockAtMost", values)).toContain("«Non bloccare mai» (10000)");
  });

  it("is refused through the API over 9999 seconds, except the 10000 that means never", () => {
    const errors = (maxinacttimedevlock: unknown) => {
      const r = parseOrderForm("grommunio_domain", {
        domainname: "example.com",
        maxUser: 1,
        syncPolicy: { maxinacttimedevlock },
      });
      return r.ok ? undefined : r.fieldErrors["syncPolicy.maxinacttimedevlock"];
    };
    expect(errors(0)).toBeUndefined();
    expect(errors(9999)).toBeUndefined();
    expect(errors(10000)).toBeUndefined();
    for (const over of [10_001, 10_200, 86_400, 2_147_483_647, 1e21])
      expect(errors(over), String(over)).toEqual([expect.stringMatching(/^Enter at most 9999 seconds/)]);
  });

  it("of an order stored before the limit still re-parses, and a change refuses a longer one", () => {
    const stored = orderKinds.grommunio_domain.payloadSchema.safeParse({
      domainname: "example.com",
      maxUser: 1,
      homeserver: 1,
      syncPolicy: { maxinacttimedevlock: 86_400 },
    });
    expect(stored.success).toBe(true);
    const change = CHANGE_SCHEMAS.grommunio_domain.safeParse({ syncPolicy: { maxinacttimedevlock: 10_200 } });
    expect(change.success).toBe(false);
    expect(change.error?.issues[0]?.message).toMatch(/^Enter at most 9999 seconds/);
    expect(CHANGE_SCHEMAS.grommunio_domain.safeParse({ syncPolicy: { maxinacttimedevlock: 10_000 } }).success).toBe(
      true,
    );
    // A change placed before the limit, read again by the worker (a retry, a held order support
    // resumes), still reads as it was accepted; the other rules still hold.
    const placedBefore = STORED_CHANGE_SCHEMAS.grommunio_domain.safeParse({
      syncPolicy: { maxinacttimedevlock: 10_200 },
    });
    expect(placedBefore.success && placedBefore.data).toEqual({ syncPolicy: { maxinacttimedevlock: 10_200 } });
    expect(STORED_CHANGE_SCHEMAS.grommunio_domain.safeParse({ syncPolicy: { maxinacttimedevlock: -1 } }).success).toBe(
      false,
    );
  });
});

describe("no limit", () => {
  it("a ticked box sends the upstream's no-limit value whatever the number box holds", () => {
    const r = policyOf([
      ["syncPolicy.maxattsize", "10"],
      ["syncPolicy.maxattsize~none", "true"],
      ["syncPolicy.maxemailbodytruncsize~none", "true"],
      ["syncPolicy.maxinacttimedevlock~none", "true"],
      ["syncPolicy.devpwexpiration~none", "true"],
    ]);
    expect(r).toMatchObject({
      ok: true,
      policy: { maxattsize: "", maxemailbodytruncsize: -1, maxinacttimedevlock: 10000, devpwexpiration: 0 },
    });
  });

  it("an empty box with 'No limit' unticked sends nothing, also where 'No limit' is written as an empty text", () => {
    const r = policyOf([
      ["syncPolicy.maxattsize", ""],
      ["syncPolicy.maxattsize~unit", "MiB"],
      ["syncPolicy.allowwifi", "1"],
    ]);
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.policy).not.toHaveProperty("maxattsize");
  });

  it("Qboxmail limits: the box means -1, otherwise the number (never a typed -1 needed)", () => {
    const input = formDataToInput(
      "qboxmail_manager",
      form([
        ["max_domains", "3"],
        ["max_domains~none", "true"],
        ["max_email_accounts", "25"],
      ]),
    );
    expect(input).toMatchObject({ max_domains: -1, max_email_accounts: "25" });
    expect(
      orderKinds.qboxmail_manager.fieldSections.flatMap((s) => s.fields).find((f) => f.name === "max_domains"),
    ).toMatchObject({ noLimit: -1, min: 0 });
  });
});

describe("negative durations", () => {
  it("are refused by the schema, so the API refuses them too", () => {
    const r = policyOf([
      ["syncPolicy.maxinacttimedevlock", "-2"],
      ["syncPolicy.maxinacttimedevlock~unit", "min"],
      ["syncPolicy.devpwexpiration", "-1"],
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors["syncPolicy.maxinacttimedevlock"]?.[0]).toMatch(/cannot be negative/);
    expect(r.fieldErrors["syncPolicy.devpwexpiration"]?.[0]).toMatch(/0 or more/);
    const api = parseOrderForm("grommunio_domain", {
      domainname: "example.com",
      maxUser: 1,
      syncPolicy: { maxinacttimedevlock: -60 },
    });
    expect(api.ok).toBe(false);
  });
});

describe("all errors at once", () => {
  it("reports cross-field rules together with the per-field ones", () => {
    const r = parseOrderForm("qboxmail_domain", {
      name: "not a domain",
      postmaster_password: "Fjordkite-70",
      postmaster_password_confirmation: "Fjordkite-71",
      catch_all_enabled: true,
      max_email_quota: 1024 ** 3,
      default_quota: 2 * 1024 ** 3,
      plan: "basic",
      chat: true,
      company: "x".repeat(300),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors).sort()).toEqual(
      ["name", "company", "postmaster_password_confirmation", "catch_all_destination", "default_quota", "chat"].sort(),
    );
    expect(r.fieldErrors.postmaster_password_confirmation).toEqual([
      "The two passwords differ: type the same password twice",
    ]);
    expect(r.fieldErrors.default_quota?.[0]).toMatch(/no larger than the maximum quota \(1 GB\)/);
  });

  it("the manager's confirmation too, even while the password itself is refused", () => {
    const r = parseOrderForm("qboxmail_manager", {
      email_address: "nope",
      firstname: "A",
      lastname: "B",
      password: "Ledgerfox2024",
      password_confirmation: "Ledgerfox2025",
    });
    expect(r.ok ? {} : r.fieldErrors).toMatchObject({
      email_address: [expect.any(String)],
      password_confirmation: [expect.any(String)],
    });
    const weak = parseOrderForm("qboxmail_manager", {
      email_address: "a@b.it",
      firstname: "A",
      lastname: "B",
      password: "short",
      password_confirmation: "other",
    });
    // Both at once: the password is refused and the confirmation differs.
    expect(weak.ok ? {} : Object.keys(weak.fieldErrors).sort()).toEqual(["password", "password_confirmation"]);
    const blank = parseOrderForm("qboxmail_manager", {
      email_address: "a@b.it",
      firstname: "A",
      lastname: "B",
      password: "Ledgerfox2024",
      password_confirmation: "",
    });
    // A confirmation not typed yet says so, once, without "differ".
    expect(blank.ok ? {} : blank.fieldErrors.password_confirmation).toEqual(["Type the password again"]);
  });

  it("never repeats a message on a field", () => {
    const r = parseOrderForm("qboxmail_domain", {
      name: "",
      postmaster_password: "",
      postmaster_password_confirmation: "",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const [field, messages] of Object.entries(r.fieldErrors)) {
      expect(new Set(messages).size, field).toBe(messages?.length);
    }
    expect(r.fieldErrors.postmaster_password).toEqual(["Enter a password"]);
  });
});

describe("common passwords", () => {
  it("are refused for the postmaster and the manager, with the sign-in list's message", () => {
    for (const pw of ["Password1", "qwerty123", "Summer2026!"]) {
      const domain = parseOrderForm("qboxmail_domain", {
        name: "example.com",
        postmaster_password: pw,
        postmaster_password_confirmation: pw,
      });
      expect(domain.ok ? [] : domain.fieldErrors.postmaster_password, pw).toEqual([en.validation.commonPassword]);
      const manager = parseOrderForm("qboxmail_manager", {
        email_address: "m@example.com",
        firstname: "A",
        lastname: "B",
        password: pw,
        password_confirmation: pw,
      });
      expect(manager.ok ? [] : manager.fieldErrors.password, pw).toEqual([en.validation.commonPassword]);
    }
    expect(
      parseOrderForm("qboxmail_domain", {
        name: "example.com",
        postmaster_password: "Fjordkite-70",
        postmaster_password_confirmation: "Fjordkite-70",
      }).ok,
    ).toBe(true);
  });
});

describe("ActiveSync: changed from default", () => {
  it("marks exactly the settings that differ from grommunio's defaults", () => {
    expect(changedPolicySettings({ ...SYNC_POLICY_DEFAULTS })).toEqual([]);
    const input = formDataToInput(
      "grommunio_domain",
      form([
        // What the form posts untouched: the defaults, switches as "true" or absent.
        ["syncPolicy.allowbrowser", "true"],
        ["syncPolicy.maxinacttimedevlock", "15"],
        ["syncPolicy.maxinacttimedevlock~unit", "min"],
        ["syncPolicy.maxattsize~none", "true"],
        ["syncPolicy.maxdevpwfailedattempts", "8"],
      ]),
    );
    const changed = changedPolicySettings(input.syncPolicy as Record<string, unknown>);
    // Absent switches are "off": every default-on switch but the browser shows as changed.
    expect(changed).not.toContain("allowbrowser");
    expect(changed).toContain("allowwifi");
    expect(changed).not.toContain("maxinacttimedevlock");
    expect(changed).not.toContain("maxattsize");
    expect(changedPolicySettings({ ...SYNC_POLICY_DEFAULTS, maxinacttimedevlock: "300" })).toEqual([
      "maxinacttimedevlock",
    ]);
  });

  it("puts the 43 settings in five groups", () => {
    const groups = orderKinds.grommunio_domain.fieldSections.filter((s) => s.id.startsWith("policy-"));
    expect(groups.map((s) => s.id)).toEqual([
      "policy-device",
      "policy-passwords",
      "policy-sync",
      "policy-features",
      "policy-apps",
    ]);
    expect(groups.flatMap((s) => s.fields).length).toBe(SYNC_POLICY_FIELDS.length);
    const input = (name: string) => groups.flatMap((s) => s.fields).find((f) => f.name === `syncPolicy.${name}`)?.input;
    // Yes/no settings are switches; a choice between two named things is not.
    expect(input("allowwifi")).toBe("checkbox");
    expect(input("reqstoragecardenc")).toBe("checkbox");
    expect(input("reqsignedsmimealgorithm")).toBe("select");
    expect(input("maxattsize")).toBe("size");
    expect(input("maxinacttimedevlock")).toBe("duration");
    expect(SYNC_POLICY_FIELDS.length).toBe(43);
    expect(groups.flatMap((s) => s.fields).every((f) => f.input !== "number" || f.min !== undefined)).toBe(true);
  });
});

describe("texts for people", () => {
  type Tree = { [k: string]: Tree | string };
  const at = (tree: unknown, path: string): unknown =>
    path.split(".").reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], tree);

  it("every field of every kind has a label in each language, and every offered option a name", () => {
    for (const [lang, messages] of Object.entries({ en, it: it_, de })) {
      for (const kind of ORDER_KINDS) {
        const def = orderKinds[kind];
        for (const section of def.fieldSections) {
          expect(at(messages, `orderFields.${kind}.sections.${section.id}`), `${lang} ${kind} ${section.id}`).toEqual(
            expect.any(String),
          );
          for (const field of section.fields) {
            const key = `orderFields.${kind}.${field.name}`;
            expect(at(messages, `${key}.label`), `${lang} ${key}`).toEqual(expect.any(String));
            if (field.input === "select")
              for (const o of field.options ?? [])
                expect(at(messages, `${key}.options.${o.value}`), `${lang} ${key} ${o.value}`).toEqual(
                  expect.any(String),
                );
          }
        }
      }
    }
  });

  it("help texts speak to resellers, not in the API's words", () => {
    const helps = JSON.stringify(en.orderFields);
    expect(helps).not.toMatch(/True if|Whether|\(0=|-1 = no limit|-1 means/);
  });
});

describe("a field only some plans offer", () => {
  it("names those plans in the viewer's language, the cheapest one deciding", () => {
    const hint = (messages: typeof en, locale: string, field: PlanGatedField) =>
      createTranslator({ locale, messages, namespace: "orderForm" })("onlyOnPlans", {
        plan: lowestPlan(PLAN_GATED_FIELDS[field]),
      });
    expect(hint(en, "en", "chat")).toBe("Available on the enterprise plan only.");
    expect(hint(en, "en", "activesync")).toBe("Available on the professional or enterprise plans only.");
    expect(hint(it_, "it", "activesync")).toBe("Disponibile solo con i piani professional o enterprise.");
    expect(hint(de, "de", "chat")).toBe("Nur mit dem Tarif enterprise verfügbar.");
  });
});

describe("ActiveSync: a resubmitted order's own policy", () => {
  it("is marked from the start: the form's initial values give the same changes as the payload", async () => {
    const { formValuesFrom } = await import("@/app/r/[slug]/orders/new/form-values");
    const def = orderKinds.grommunio_domain;
    const values = formValuesFrom(def.fieldSections, def.defaults, {
      domainname: "a.de",
      maxUser: 1,
      syncPolicy: { ...SYNC_POLICY_DEFAULTS, allowcam: 0, maxinacttimedevlock: 60 },
    });
    const initial = Object.fromEntries(
      Object.entries(values)
        .filter(([name]) => name.startsWith("syncPolicy."))
        .map(([name, value]) => [name.slice("syncPolicy.".length), value]),
    );
    expect(changedPolicySettings(initial).sort()).toEqual(["allowcam", "maxinacttimedevlock"]);
    const untouched = formValuesFrom(def.fieldSections, def.defaults);
    expect(
      changedPolicySettings(
        Object.fromEntries(
          Object.entries(untouched)
            .filter(([n]) => n.startsWith("syncPolicy."))
            .map(([n, v]) => [n.slice(11), v]),
        ),
      ),
    ).toEqual([]);
  });

  it("leaves a setting the reseller emptied empty, and starts a policy not chosen from the defaults", async () => {
    const { formValuesFrom } = await import("@/app/r/[slug]/orders/new/form-values");
    const def = orderKinds.grommunio_domain;
    const own = formValuesFrom(def.fieldSections, def.defaults, {
      domainname: "a.de",
      maxUser: 1,
      syncPolicy: { allowwifi: 0 },
    });
    expect(own["syncPolicy.allowwifi"]).toBe(false);
    expect(own).not.toHaveProperty("syncPolicy.maxdevpwfailedattempts");
    // The provider's policy was chosen: the hidden settings hold the defaults, as on a new order.
    const provider = formValuesFrom(def.fieldSections, def.defaults, { domainname: "a.de", maxUser: 1 });
    expect(provider["syncPolicy.maxdevpwfailedattempts"]).toBe("8");
  });
});

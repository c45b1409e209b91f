// How "Current settings" words each kind of value, per language: the order form's label, sizes in
// binary units with the language's separators, the provider's "no limit" value, switches, choices,
// states, dates, the ActiveSync policy's count. No provider field name or raw value gets through.
import { createFormatter, createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { type SettingWords, settingLabel, settingValue } from "@/app/r/[slug]/services/[id]/setting-text";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

function wordsIn(locale: "en" | "de" | "it"): SettingWords {
  const messages = (locale === "de" ? de : locale === "it" ? it_ : en) as typeof en;
  const format = createFormatter({ locale, timeZone: "Europe/Berlin" });
  return {
    services: createTranslator({ locale, messages, namespace: "services" }) as unknown as SettingWords["services"],
    fields: createTranslator({ locale, messages, namespace: "orderFields" }) as unknown as SettingWords["fields"],
    form: createTranslator({ locale, messages, namespace: "orderForm" }) as unknown as SettingWords["form"],
    page: createTranslator({ locale, messages, namespace: "orderPage" }) as unknown as SettingWords["page"],
    number: (n, digits = 0) => format.number(n, { maximumFractionDigits: digits }),
    date: (d, what) =>
      format.dateTime(d, what === "day" ? { dateStyle: "long", timeZone: "UTC" } : { dateStyle: "medium" }),
  };
}

describe("service settings in words", () => {
  const en_ = wordsIn("en");
  const de_ = wordsIn("de");
  const itWords = wordsIn("it");

  it("labels a field as the order form does, in each language", () => {
    expect(settingLabel(en_, "qboxmail_domain", "max_email_accounts")).toBe("Mailboxes");
    expect(settingLabel(de_, "qboxmail_domain", "max_email_accounts")).toBe("Postfächer");
    expect(settingLabel(itWords, "qboxmail_domain", "max_email_accounts")).not.toBe("Mailboxes");
    // Read-only facts have their own label; a status is not the order form's "Start as".
    expect(settingLabel(de_, "grommunio_domain", "activeUsers")).toBe("Aktive Benutzer");
    expect(settingLabel(en_, "grommunio_domain", "domainStatus")).toBe("Status");
    expect(settingLabel(de_, "qboxmail_domain", "something_new")).toBe("Weitere Einstellung");
  });

  it("sizes in binary units with the language's decimal separator", () => {
    expect(settingValue(en_, "qboxmail_domain", "max_email_quota", 50 * 1024 ** 3)).toBe("50 GB");
    expect(settingValue(en_, "qboxmail_manager", "max_email_quota", 1.5 * 1024 ** 3)).toBe("1.5 GB");
    expect(settingValue(de_, "qboxmail_manager", "max_email_quota", 1.5 * 1024 ** 3)).toBe("1,5 GB");
  });

  it("the provider's no-limit value as 'No limit', counts grouped per language", () => {
    expect(settingValue(en_, "qboxmail_domain", "max_email_accounts", -1)).toBe("No limit");
    expect(settingValue(de_, "qboxmail_manager", "max_domains", -1)).toBe("Keine Begrenzung");
    // A manager's Delivery limits: only a change sets them, so the order form lacks them, yet they
    // are labelled and read the same way.
    expect(settingLabel(de_, "qboxmail_manager", "max_delivery_domains")).toBe("Delivery-Domains");
    expect(settingLabel(en_, "qboxmail_manager", "max_delivery_accounts")).toBe("Delivery accounts");
    expect(settingValue(itWords, "qboxmail_manager", "max_delivery_accounts", -1)).toBe(itWords.form("noLimit"));
    expect(settingValue(de_, "qboxmail_manager", "max_delivery_domains", 1200)).toBe("1.200");
    expect(settingValue(de_, "grommunio_domain", "maxUser", 12000)).toBe("12.000");
    expect(settingValue(en_, "grommunio_domain", "maxUser", 12000)).toBe("12,000");
    expect(settingValue(de_, "grommunio_domain", "ID", 12345)).toBe("12345");
  });

  it("switches as Yes/No, choices and states by their words", () => {
    expect(settingValue(de_, "qboxmail_domain", "imap_disabled", true)).toBe("Ja");
    expect(settingValue(itWords, "qboxmail_domain", "activesync", false)).toBe("No");
    expect(settingValue(de_, "grommunio_domain", "chat", false)).toBe("Nein");
    expect(settingValue(de_, "qboxmail_domain", "antispam_level", 3)).toBe("Aggressiv");
    expect(settingValue(en_, "qboxmail_domain", "plan", "professional")).toBe("Professional");
    expect(settingValue(de_, "qboxmail_domain", "status", "ownership_check")).toBe("Wartet auf DNS");
    // A Qboxmail status is read with its detail: enabled but not ok is "MX records to fix".
    const mx = { status: "enabled", status_detail: "mx_check_failed" };
    expect(settingValue(de_, "qboxmail_domain", "status", "enabled", mx)).toBe("Aktiv, MX-Einträge zu korrigieren");
    expect(settingValue(en_, "qboxmail_domain", "status", "enabled", { status_detail: "ok" })).toBe("Active");
    expect(settingValue(de_, "grommunio_domain", "domainStatus", 1)).toBe("Gesperrt");
    expect(settingValue(de_, "qboxmail_domain", "status_detail", "waiting_ownership")).toBe(
      "Wartet auf den Inhabernachweis",
    );
  });

  it("dates per language, the policy as a count, a server by its name", () => {
    expect(settingValue(en_, "grommunio_domain", "endDay", "2030-12-31")).toBe("December 31, 2030");
    expect(settingValue(de_, "grommunio_domain", "endDay", "2030-12-31")).toBe("31. Dezember 2030");
    expect(settingValue(de_, "grommunio_domain", "syncPolicy", { allowbluetooth: 0 })).toBe(
      "1 vom Standard abweichend",
    );
    expect(settingValue(en_, "grommunio_domain", "homeserver", { ID: 3, hostname: "mx1.example.com" })).toBe(
      "mx1.example.com (ID 3)",
    );
    expect(settingValue(de_, "qboxmail_manager", "domain_codes", [])).toBe("Keine");
  });
});

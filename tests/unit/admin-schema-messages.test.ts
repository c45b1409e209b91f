// The admin forms' validation messages: English exactly as before for the API and the tests,
// and the admin's own language at the form (docs/i18n.md "Validation messages").
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AdminForm } from "@/app/admin/_components/admin-form";
import { createUserSchema, resellerLimitsSchema, resellerUpstreamSchema, shareServerSchema } from "@/lib/admin/schemas";
import { localizeFieldErrors } from "@/lib/forms/field-errors";
import de from "@/messages/de.json";
import it_ from "@/messages/it.json";
import { renderIn } from "../support/german-markup";

const reason = "Contract renewed for the new year";
const resellerId = crypto.randomUUID();
const errorsOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a refusal");
  return z.flattenError(r.error).fieldErrors as Record<string, string[]>;
};

describe("admin schema messages", () => {
  it("say in English what is acceptable, each starting with a capital", () => {
    const e = errorsOf(resellerLimitsSchema, { resellerId, maxDomains: -1, maxManagers: 1.5, maxServers: 2e6, reason });
    expect(e.maxDomains).toEqual(["The domain limit cannot be negative: enter 0 or more"]);
    expect(e.maxManagers).toEqual(["Enter the manager limit as a whole number"]);
    expect(e.maxServers).toEqual(["The server limit can be at most 1,000,000"]);
    const u = errorsOf(resellerUpstreamSchema, {
      resellerId,
      grommunioOrgId: "0",
      qboxmailCustomerCode: "a b",
      reason,
    });
    expect(u.grommunioOrgId).toEqual(["The grommunio organisation ID starts at 1"]);
    expect(u.qboxmailCustomerCode).toEqual([
      "Enter the Qboxmail customer code (letters, digits, - and _), or leave it empty",
    ]);
  });

  it("are translated at the form, each limit named in the language's own words", () => {
    const e = errorsOf(resellerLimitsSchema, { resellerId, maxDomains: -1, maxManagers: 1, maxServers: 1, reason });
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    expect(localizeFieldErrors(e, german).maxDomains).toEqual([
      "Das Domain-Limit kann nicht negativ sein: Geben Sie 0 oder mehr ein",
    ]);
    const s = errorsOf(shareServerSchema, { resellerId, serverId: "300", label: "", reason });
    const italian = createTranslator({ locale: "it", messages: it_, namespace: "validation" });
    const localized = localizeFieldErrors(s, italian);
    expect(localized.serverId).toEqual(["Gli ID dei server arrivano al massimo a 255"]);
    expect(localized.label).toEqual(["Inserisca un'etichetta che i rivenditori riconoscano, ad esempio il nome host"]);
  });

  it("name the largest limit and identifier, in the admin's language and number format", () => {
    const limits = errorsOf(resellerLimitsSchema, {
      resellerId,
      maxDomains: "1000001",
      maxManagers: 1,
      maxServers: 1,
      reason,
    });
    const ids = errorsOf(resellerUpstreamSchema, {
      resellerId,
      grommunioOrgId: "2147483648",
      qboxmailOutboundLimitId: "2147483648",
      reason,
    });
    expect(limits.maxDomains).toEqual(["The domain limit can be at most 1,000,000"]);
    expect(ids.grommunioOrgId).toEqual(["The grommunio organisation ID can be at most 2,147,483,647"]);
    expect(ids.qboxmailOutboundLimitId).toEqual(["The outbound limit ID can be at most 2,147,483,647"]);
    const italian = createTranslator({ locale: "it", messages: it_, namespace: "validation" });
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    expect(localizeFieldErrors(limits, italian).maxDomains).toEqual([
      "Il limite di domini può essere al massimo 1.000.000",
    ]);
    expect(localizeFieldErrors(ids, german).grommunioOrgId).toEqual([
      "Die grommunio-Organisations-ID darf höchstens 2.147.483.647 betragen",
    ]);
    // The largest value is taken: the message names a bound the schema keeps.
    expect(
      resellerLimitsSchema.safeParse({ resellerId, maxDomains: 1_000_000, maxManagers: 1, maxServers: 1, reason })
        .success,
    ).toBe(true);
  });

  it("refuse a blank limit box naming the limit to enter, and take only plain whole numbers", () => {
    const blank = errorsOf(resellerLimitsSchema, {
      resellerId,
      maxDomains: "",
      maxManagers: "   ",
      maxServers: "2",
      reason,
    });
    expect(blank.maxDomains).toEqual(["Enter the domain limit: a whole number, 0 or more"]);
    expect(blank.maxManagers).toEqual(["Enter the manager limit: a whole number, 0 or more"]);
    expect(blank.maxServers).toBeUndefined();
    const missing = errorsOf(resellerLimitsSchema, { resellerId, maxManagers: "1", maxServers: "1", reason });
    expect(missing.maxDomains).toEqual(["Enter the domain limit: a whole number, 0 or more"]);
    for (const notPlain of ["1e3", "0x10", "10.0", "1_000", "12 000", "Infinity"]) {
      const e = errorsOf(resellerLimitsSchema, {
        resellerId,
        maxDomains: notPlain,
        maxManagers: 1,
        maxServers: 1,
        reason,
      });
      expect(e.maxDomains, notPlain).toEqual(["Enter the domain limit as a whole number"]);
    }
    expect(
      errorsOf(resellerLimitsSchema, { resellerId, maxDomains: "-3", maxManagers: 1, maxServers: 1, reason })
        .maxDomains,
    ).toEqual(["The domain limit cannot be negative: enter 0 or more"]);
    const ok = resellerLimitsSchema.parse({ resellerId, maxDomains: " 12 ", maxManagers: "0", maxServers: 3, reason });
    expect(ok).toMatchObject({ maxDomains: 12, maxManagers: 0, maxServers: 3 });
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    expect(localizeFieldErrors(blank, german).maxDomains).toEqual([
      "Geben Sie das Domain-Limit ein: eine ganze Zahl, 0 oder mehr",
    ]);
  });

  it("carry the page's version of the reseller, or null when it cannot be read (refused as stale)", () => {
    const at = "2026-01-02T03:04:05.678Z";
    const limits = { resellerId, maxDomains: 1, maxManagers: 1, maxServers: 1, reason };
    expect(resellerLimitsSchema.parse({ ...limits, updatedAt: at }).updatedAt).toEqual(new Date(at));
    // The row version's other spelling, milliseconds (the API's ETag), reads the same.
    expect(resellerLimitsSchema.parse({ ...limits, updatedAt: String(Date.parse(at)) }).updatedAt).toEqual(
      new Date(at),
    );
    for (const bad of [undefined, "", "yesterday", "2026-13-45T00:00:00Z", ["1", "2"]])
      expect(resellerLimitsSchema.parse({ ...limits, updatedAt: bad }).updatedAt, String(bad)).toBeNull();
  });

  it("trim an e-mail address before checking its form", () => {
    const user = { name: "New Person", role: "support", password: "Quiet-Harbour-Lantern-47", reason };
    expect(createUserSchema.parse({ ...user, email: "  New.Person@Example.test \t" }).email).toBe(
      "new.person@example.test",
    );
    const e = errorsOf(createUserSchema, { ...user, email: "   " });
    expect(e.email).toEqual(["Enter an e-mail address"]);
  });

  it("read the upstream identifiers and a shared server's ID as plain whole numbers, a blank identifier as none", () => {
    const ids = (grommunioOrgId: unknown, qboxmailOutboundLimitId: unknown) =>
      resellerUpstreamSchema.safeParse({ resellerId, grommunioOrgId, qboxmailOutboundLimitId, reason });
    const orgMessage = "Enter the grommunio organisation ID as a whole number, or leave it empty";
    const outboundMessage = "Enter the outbound limit ID as a whole number, or leave it empty";
    // Read by z.coerce, "1e3" was 1000 and "12.0" 12; the form's text boxes send "1,000" as typed
    // (a number box sent "" for it, which cleared the ID).
    for (const notPlain of ["1e3", "12.0", "0x10", "1,000", "1 000", "+5", "Infinity"]) {
      const e = ids(notPlain, notPlain);
      expect(e.success, notPlain).toBe(false);
      const fields = z.flattenError(e.error!).fieldErrors as Record<string, string[]>;
      expect(fields.grommunioOrgId, notPlain).toEqual([orgMessage]);
      expect(fields.qboxmailOutboundLimitId, notPlain).toEqual([outboundMessage]);
    }
    expect(ids(" 12 ", "0").data).toMatchObject({ grommunioOrgId: 12, qboxmailOutboundLimitId: 0 });
    expect(ids(7, 3).data).toMatchObject({ grommunioOrgId: 7, qboxmailOutboundLimitId: 3 });
    expect(ids("", "   ").data).toMatchObject({ grommunioOrgId: null, qboxmailOutboundLimitId: null });
    expect(ids(undefined, null).data).toMatchObject({ grommunioOrgId: null, qboxmailOutboundLimitId: null });
    const share = (serverId: unknown) =>
      shareServerSchema.safeParse({ resellerId, serverId, label: "pool9.example.net", reason });
    for (const notPlain of ["1e2", "9.0", "0x9", "+9"])
      expect(errorsOf(shareServerSchema, { resellerId, serverId: notPlain, label: "x", reason }).serverId).toEqual([
        "Enter the grommunio server ID as a whole number",
      ]);
    expect(errorsOf(shareServerSchema, { resellerId, serverId: " ", label: "x", reason }).serverId).toEqual([
      "Enter the grommunio server ID (1 to 255)",
    ]);
    expect(share(" 9 ").data?.serverId).toBe(9);
  });

  it("come from text boxes with the numeric keyboard, so what was typed reaches the schema (a number box sends '' for '1,000')", () => {
    const html = renderIn(
      "en",
      createElement(AdminForm, {
        id: "ids",
        submitLabel: "Save",
        reason: { label: "Reason", hint: "Why" },
        action: async () => ({ ok: true, message: "" }) as never,
        fields: [{ name: "grommunioOrgId", label: "Organisation", type: "text", inputMode: "numeric" }],
      }),
    );
    expect(html).toMatch(/<input[^>]*name="grommunioOrgId"[^>]*>/);
    const input = /<input[^>]*name="grommunioOrgId"[^>]*>/.exec(html)?.[0] ?? "";
    expect(input).toContain('type="text"');
    expect(input).toContain('inputMode="numeric"');
  });
});

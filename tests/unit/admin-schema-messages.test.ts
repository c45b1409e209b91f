// The admin forms' validation messages: English exactly as before for the API and the tests,
// and the admin's own language at the form (docs/i18n.md "Validation messages").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createUserSchema, resellerLimitsSchema, resellerUpstreamSchema, shareServerSchema } from "@/lib/admin/schemas";
import { localizeFieldErrors } from "@/lib/forms/field-errors";
import de from "@/messages/de.json";
import it_ from "@/messages/it.json";

const reason = "Contract renewed for the new year";
const resellerId = crypto.randomUUID();
const errorsOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a refusal");
  return z.flattenError(r.error).fieldErrors as Record<string, string[]>;
};

describe("admin schema messages", () => {
  it("keep their English wording", () => {
    const e = errorsOf(resellerLimitsSchema, { resellerId, maxDomains: -1, maxManagers: 1.5, maxServers: 2e6, reason });
    expect(e.maxDomains).toEqual(["the domain limit cannot be negative"]);
    expect(e.maxManagers).toEqual(["Enter the manager limit as a whole number"]);
    expect(e.maxServers).toEqual(["the server limit is too large"]);
    const u = errorsOf(resellerUpstreamSchema, {
      resellerId,
      grommunioOrgId: "0",
      qboxmailCustomerCode: "a b",
      reason,
    });
    expect(u.grommunioOrgId).toEqual(["the grommunio organisation ID starts at 1"]);
    expect(u.qboxmailCustomerCode).toEqual([
      "Enter the Qboxmail customer code (letters, digits, - and _), or leave it empty",
    ]);
  });

  it("are translated at the form, each limit named in the language's own words", () => {
    const e = errorsOf(resellerLimitsSchema, { resellerId, maxDomains: -1, maxManagers: 1, maxServers: 1, reason });
    const german = createTranslator({ locale: "de", messages: de, namespace: "validation" });
    expect(localizeFieldErrors(e, german).maxDomains).toEqual(["Das Domain-Limit kann nicht negativ sein"]);
    const s = errorsOf(shareServerSchema, { resellerId, serverId: "300", label: "", reason });
    const italian = createTranslator({ locale: "it", messages: it_, namespace: "validation" });
    const localized = localizeFieldErrors(s, italian);
    expect(localized.serverId).toEqual(["Gli ID dei server arrivano al massimo a 255"]);
    expect(localized.label).toEqual(["Inserisca un'etichetta che i rivenditori riconoscano, ad esempio il nome host"]);
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
    ).toEqual(["the domain limit cannot be negative"]);
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
});

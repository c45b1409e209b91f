// The admin forms' validation messages: English exactly as before for the API and the tests,
// and the admin's own language at the form (docs/i18n.md "Validation messages").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resellerLimitsSchema, resellerUpstreamSchema, shareServerSchema } from "@/lib/admin/schemas";
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
});

// The reseller's order page names the fields of "Problems by field" as the order form does, in the
// viewer's language (docs/i18n.md "Problems by field"): the schema's English metadata labels are
// for the API reference, not for a German reseller.
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { fieldLabels } from "@/app/r/[slug]/orders/[id]/order-summary";
import { FieldProblemList } from "@/app/ui/field-problems";
import { labelledFieldSections, orderKinds } from "@/lib/orders/schemas";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { renderIn, visibleOwnText } from "../support/german-markup";

// Loosely typed, as the page's translator is when it builds keys from a field's name.
type Fields = ((key: string) => string) & { has(key: string): boolean };
const german = createTranslator({
  locale: "de",
  messages: de as typeof en,
  namespace: "orderFields",
}) as unknown as Fields;
const sections = orderKinds.grommunio_domain.fieldSections;

describe("the order page's field labels", () => {
  it("are the order form's German labels", () => {
    const labels = fieldLabels(german, "grommunio_domain", sections);
    expect(labels.maxUser).toBe(de.orderFields.grommunio_domain.maxUser.label);
    expect(labels.maxUser).not.toBe("Maximum users");
    expect(labels.homeserver).toBe(de.orderFields.grommunio_domain.homeserver.label);
    expect(labels["syncPolicy.allowwifi"]).toBe(de.orderFields.grommunio_domain.syncPolicy.allowwifi.label);
    // Every field of the form has its name in the catalogue: none falls back to English metadata.
    for (const field of sections.flatMap((s) => s.fields))
      expect(labels[field.name], field.name).toBe(german(`grommunio_domain.${field.name}.label`));
  });

  it("name the fields only a change takes too (a manager's Delivery limits)", () => {
    const labels = fieldLabels(german, "qboxmail_manager", labelledFieldSections("qboxmail_manager"));
    expect(labels.max_delivery_domains).toBe(de.orderFields.qboxmail_manager.max_delivery_domains.label);
    expect(labels.max_delivery_accounts).toBe(de.orderFields.qboxmail_manager.max_delivery_accounts.label);
    expect(labels.email_address).toBe(de.orderFields.qboxmail_manager.email_address.label);
  });

  it("name the identifiers an administrator sets as theirs, so a refusal says who can fix it", () => {
    const labels = fieldLabels(german, "qboxmail_domain", labelledFieldSections("qboxmail_domain"));
    expect(labels.customer_code).toBe("Kundencode (vom Administrator Ihres Anbieters festgelegt)");
    expect(labels.outbound_limit_id).toBe(de.orderFields.qboxmail_domain.outbound_limit_id.label);
    expect(fieldLabels(german, "grommunio_domain", labelledFieldSections("grommunio_domain")).orgID).toBe(
      de.orderFields.grommunio_domain.orgID.label,
    );
  });

  it("name the field in German under Problems by field", () => {
    const html = renderIn(
      "de",
      createElement(FieldProblemList, {
        problems: { maxUser: ["too many"] },
        provider: "grommunio",
        label: "Probleme nach Feld",
        labels: fieldLabels(german, "grommunio_domain", sections),
      }),
    );
    expect(visibleOwnText(html)).toContain(`${de.orderFields.grommunio_domain.maxUser.label}:`);
    expect(visibleOwnText(html)).not.toContain("Maximum users");
  });
});

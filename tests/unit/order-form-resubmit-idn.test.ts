// "Edit and resubmit" of a failed order for an international domain name: the payload holds the
// ASCII (xn--) form, the form shows the name as the reseller typed it, in Unicode, with the xn--
// form in the preview under it (the order page names the domain with both), and submitting it
// unchanged sends the name that was stored.
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type FormValues, formValuesFrom, IDNA_FIELDS } from "@/app/r/[slug]/orders/new/form-values";
import { OrderForm } from "@/app/r/[slug]/orders/new/order-form";
import { toUnicodeInput } from "@/lib/forms/idna";
import { type OrderKindName, orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import en from "@/messages/en.json";

function resubmitValues(kind: OrderKindName, payload: Record<string, unknown>): FormValues {
  const def = orderKinds[kind];
  return formValuesFrom(def.fieldSections, def.defaults, payload, { idnaField: IDNA_FIELDS[kind]?.name });
}

function resubmitForm(kind: OrderKindName, initialValues: FormValues): string {
  return renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      { locale: "en", messages: en, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>,
      createElement(OrderForm, {
        kind,
        action: async (p) => p,
        idempotencyKey: "k",
        initialValues,
        customers: [],
        fixedCustomer: { id: "5b0c1a52-0000-4000-8000-000000000002", name: "ACME" },
        pickerInitial: {},
        cancelHref: "/r/alpine/orders",
        submitLabel: "Resubmit",
        ordersPath: "/r/alpine/orders",
      }),
    ),
  );
}

describe("resubmitting an order for an international domain name", () => {
  it("shows the Unicode name in the field and both forms in the preview (grommunio)", () => {
    const values = resubmitValues("grommunio_domain", { domainname: "xn--mnchen-3ya.de", maxUser: 5 });
    expect(values.domainname).toBe("münchen.de");
    const html = resubmitForm("grommunio_domain", values);
    expect(html).toContain('value="münchen.de"');
    expect(html).toContain("Registered as xn--mnchen-3ya.de (IDNA form of münchen.de)");
    // Sent unchanged, it is the stored name again.
    const again = parseOrderForm("grommunio_domain", { domainname: values.domainname, maxUser: 5 });
    expect(again.ok && again.payload.domainname).toBe("xn--mnchen-3ya.de");
  });

  it("keeps ASCII capitals of the other labels, as the upstream stores them (Qboxmail)", () => {
    const values = resubmitValues("qboxmail_domain", { name: "Shop.xn--bcher-kva.DE" });
    expect(values.name).toBe("Shop.bücher.DE");
    const again = parseOrderForm("qboxmail_domain", {
      name: values.name,
      postmaster_password: "Fjordkite-70",
      postmaster_password_confirmation: "Fjordkite-70",
    });
    expect(again.ok && again.payload.name).toBe("Shop.xn--bcher-kva.DE");
  });

  it("leaves a name as stored when typing its Unicode form would not give it back", () => {
    // An xn-- label stored in capitals: typed in Unicode, it would be sent in lower case.
    expect(toUnicodeInput("XN--MNCHEN-3YA.de")).toBe("XN--MNCHEN-3YA.de");
    // Not a valid encoding at all.
    expect(toUnicodeInput("xn--zz.example.com")).toBe("xn--zz.example.com");
    expect(toUnicodeInput("example.com")).toBe("example.com");
    // A plain ASCII name, and forms without a domain name field, are untouched.
    expect(resubmitValues("grommunio_domain", { domainname: "Example.com", maxUser: 1 }).domainname).toBe(
      "Example.com",
    );
    const def = orderKinds.grommunio_domain;
    expect(formValuesFrom(def.fieldSections, def.defaults, { domainname: "xn--mnchen-3ya.de" }).domainname).toBe(
      "xn--mnchen-3ya.de",
    );
  });
});

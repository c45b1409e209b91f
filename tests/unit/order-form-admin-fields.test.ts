// "Edit and resubmit" of a failed order lists the provider's problems before the form: one on a
// field an administrator sets for the reseller (no control shows it) is named by its label in the
// person's language, as the order page names it, never by its upstream name.
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formValuesFrom } from "@/app/r/[slug]/orders/new/form-values";
import { OrderForm } from "@/app/r/[slug]/orders/new/order-form";
import { orderKinds } from "@/lib/orders/schemas";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

function resubmitForm(locale: "en" | "it"): string {
  const def = orderKinds.qboxmail_domain;
  return renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      { locale, messages: locale === "en" ? en : (it_ as typeof en), timeZone: "UTC" } as unknown as ComponentProps<
        typeof NextIntlClientProvider
      >,
      createElement(OrderForm, {
        kind: "qboxmail_domain",
        action: async (p) => p,
        idempotencyKey: "k",
        initialValues: formValuesFrom(def.fieldSections, def.defaults, { name: "example.com" }),
        customers: [],
        fixedCustomer: { id: "5b0c1a52-0000-4000-8000-000000000002", name: "ACME" },
        pickerInitial: {},
        initialErrors: { customer_code: ["Qboxmail: “is not valid”"] },
        cancelHref: "/r/alpine/orders",
        submitLabel: "Resubmit",
        ordersPath: "/r/alpine/orders",
      }),
    ),
  );
}

describe("the resubmit form's list of problems", () => {
  it("names a field an administrator sets by its label, in the person's language", () => {
    expect(resubmitForm("en")).toContain("Customer code (set by your provider&#x27;s administrator)");
    const italian = resubmitForm("it");
    expect(italian).toContain("Codice cliente (impostato dall&#x27;amministratore del Suo fornitore)");
    expect(italian).not.toContain(">customer_code<");
  });
});

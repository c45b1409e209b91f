// A form sent by its script only (onSubmit, no server action as its `action`) must not be sent
// before the script runs: the browser would post it to the page itself, saving nothing and losing
// what was typed. Its submit button is disabled in the page as the server sends it, and enabled
// once the script runs; a form that works without script keeps an enabled button.
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CustomerForm } from "@/app/r/[slug]/customers/customer-form";
import { ConfirmSubmit } from "@/app/ui/confirm-submit";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FormResult } from "@/lib/forms/result";
import en from "@/messages/en.json";

const submitTag = (html: string) => /<button[^>]*type="submit"[^>]*>/.exec(html)?.[0] ?? "";

describe("a submit button before the page's script runs", () => {
  it("is disabled for a form only its script sends, enabled for one that works without script", () => {
    // The children come as createElement's third argument.
    const button = (props: object) =>
      submitTag(
        renderToStaticMarkup(createElement(SubmitButton, props as ComponentProps<typeof SubmitButton>, "Save")),
      );
    expect(button({ needsScript: true })).toContain('disabled=""');
    expect(button({})).not.toContain('disabled=""');
  });

  it("is disabled in the customer form as the server sends it", () => {
    const html = renderToStaticMarkup(
      createElement(
        NextIntlClientProvider,
        // The children come as createElement's third argument.
        { locale: "en", messages: en, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>,
        createElement(CustomerForm, {
          action: async (): Promise<FormResult<unknown>> => ({ ok: false, fieldErrors: {} }),
          initial: { name: "", email: "", reference: "", notes: "" },
          submitLabel: "Create customer",
          cancelHref: "/r/alpine/customers",
        }),
      ),
    );
    expect(submitTag(html)).toContain('disabled=""');
  });

  it("sends nothing from a two-step form's Enter: its first submit button is a disabled stand-in", () => {
    // Enter in a form's text field clicks its first submit button; with none, a form with a single
    // text field is sent anyway, skipping the panel that says what happens.
    const html = renderToStaticMarkup(
      createElement(ConfirmSubmit, {
        label: "Mark resolved",
        consequence: "The order becomes Succeeded.",
        confirmLabel: "Yes",
        keepLabel: "Keep",
      }),
    );
    const first = submitTag(html);
    expect(first).toContain('data-testid="confirm-enter"');
    expect(first).toContain('disabled=""');
  });
});

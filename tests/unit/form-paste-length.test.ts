// The customer, API token and webhook endpoint forms set no maxLength: a browser cuts a longer
// paste without a word (and counts UTF-16 units where the server counts characters), so the
// server's refusal, which names the maximum, is what a person sees instead
// (app/r/[slug]/orders/new/field-control.tsx says the same for the order form).
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { CreateTokenForm } from "@/app/r/[slug]/api/create-token-form";
import { CustomerForm } from "@/app/r/[slug]/customers/customer-form";
import { CreateEndpointForm } from "@/app/r/[slug]/webhooks/create-endpoint-form";
import type { FormResult } from "@/lib/forms/result";
import { renderIn } from "../support/german-markup";

const action = async <T>(prev: FormResult<T>) => prev;
const initial = { name: "Acme", email: "", reference: "", notes: "" };

describe("forms where a long paste must reach the server", () => {
  it("set no maxLength on any box", () => {
    const forms = {
      customer: createElement(CustomerForm, { action, initial, submitLabel: "Save", cancelHref: "/" }),
      token: createElement(CreateTokenForm, { action }),
      webhook: createElement(CreateEndpointForm, { slug: "acme", action }),
    };
    for (const [name, form] of Object.entries(forms)) {
      const html = renderIn("en", form);
      expect(html, name).toContain("<input");
      expect(html.toLowerCase(), name).not.toContain("maxlength");
    }
  });

  it("the customer edit form carries the version it showed, the new-customer form none", () => {
    const at = "2026-01-02T03:04:05.678Z";
    const edit = renderIn(
      "en",
      createElement(CustomerForm, { action, initial, submitLabel: "Save", cancelHref: "/", updatedAt: at }),
    );
    expect(edit).toContain(`<input type="hidden" name="updatedAt" value="${at}"/>`);
    const create = renderIn(
      "en",
      createElement(CustomerForm, { action, initial, submitLabel: "Create", cancelHref: "/" }),
    );
    expect(create).not.toContain('name="updatedAt"');
  });
});

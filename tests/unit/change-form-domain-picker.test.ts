// A Qboxmail manager's domains on its service page are chosen with the order form's picker, not
// typed as codes: the form starts from the domains set now, named, and sends the whole list back,
// an empty one as "", so taking every domain away is a change like any other. The same set in
// another order is no change.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { type ChangeFields, ChangeForm } from "@/app/r/[slug]/services/[id]/change-form";
import type { FormResult } from "@/lib/forms/result";
import { changeFields, changeRequestFromForm, SHOWN_FIELD, shownValues } from "@/lib/services/change-fields";
import { CHANGE_SCHEMAS } from "@/lib/services/change-kinds";
import { renderIn } from "../support/german-markup";

const fields = changeFields("qboxmail_manager");
const action = async (prev: FormResult<unknown>) => prev;

function page(codes: string[], initial: { value: string; label: string }[], locale: "en" | "de" = "en") {
  const settings = { domain_codes: codes, max_domains: -1 };
  const form: ChangeFields = {
    kind: "qboxmail_manager",
    sections: [{ id: "basics", title: "", fields }],
    settings,
    shown: shownValues(fields, settings),
    domainPicker: { field: "domain_codes", initial, customerId: "c1", ordersPath: "/r/alpine/orders" },
  };
  return renderIn(
    locale,
    createElement(ChangeForm, { action, idempotencyKey: "k", submitLabel: "Save", fields: form, idPrefix: "change" }),
  );
}

/** What the change form's submission sends to the change schema. */
function submitted(shownCodes: string[], posted: string[]) {
  const fd = new FormData();
  fd.set(SHOWN_FIELD, JSON.stringify(shownValues(fields, { domain_codes: shownCodes })));
  for (const code of posted) fd.append("domain_codes", code);
  const form = changeRequestFromForm("s", "change", fd).form;
  return typeof form === "function" ? form("qboxmail_manager") : undefined;
}

describe("a manager's domains on its change form", () => {
  it("start as chosen, by name, in a picker that says the choice replaces them", () => {
    const html = page(["D123456789"], [{ value: "D123456789", label: "shop.example (D123456789)" }]);
    expect(html).toContain('type="hidden" name="domain_codes" value="D123456789"');
    expect(html).toContain("shop.example (D123456789)");
    expect(html).toContain('role="combobox"');
    expect(html).not.toMatch(/<textarea[^>]*name="domain_codes"/);
    expect(html).toContain("What you choose replaces them");
    expect(page([], [], "de")).toContain("Ihre Auswahl ersetzt sie");
  });

  it("send an empty choice as '', which the change takes as no domains", () => {
    const html = page([], []);
    expect(html).toContain('type="hidden" name="domain_codes" value=""');
    const sent = submitted(["D123456789", "D987654321"], [""]);
    expect(sent).toEqual({ domain_codes: "" });
    expect(CHANGE_SCHEMAS.qboxmail_manager.parse(sent)).toEqual({ domain_codes: [] });
  });

  it("are no change when the same domains come back in another order", () => {
    expect(submitted(["D123456789", "D987654321"], ["D987654321", "D123456789"])).toEqual({});
    expect(submitted(["D123456789"], ["D123456789", "D987654321"])).toEqual({
      domain_codes: ["D123456789", "D987654321"],
    });
    expect(submitted(["D123456789", "D987654321"], ["D987654321"])).toEqual({ domain_codes: "D987654321" });
    // Nothing set and nothing chosen: nothing sent.
    expect(submitted([], [""])).toEqual({});
  });
});

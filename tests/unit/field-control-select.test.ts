// The order and change forms' controls (app/r/[slug]/orders/new/field-control.tsx). A change form
// starts from the value read at the provider; when a select has no such option, the browser
// would show another one, and the change form would send it as if the person had chosen it.
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { FieldControl } from "@/app/r/[slug]/orders/new/field-control";
import { orderKinds } from "@/lib/orders/schemas";
import { renderIn } from "../support/german-markup";

const antispam = orderKinds.qboxmail_domain.fieldSections
  .flatMap((s) => s.fields)
  .find((f) => f.name === "antispam_level")!;

const render = (value: string, locale: "en" | "de" = "en") =>
  renderIn(locale, createElement(FieldControl, { kind: "qboxmail_domain", field: antispam, value }));

describe("a select's value", () => {
  it("is offered as it is when the list does not hold it, so the form shows and keeps it", () => {
    const html = render("77");
    expect(html).toContain('<option value="77" selected="">77 (as set now)</option>');
    expect(render("77", "de")).toContain("77 (aktueller Wert)");
  });

  it("is worded as a size in the viewer's language when it is a quota, not as bytes", () => {
    const quota = orderKinds.qboxmail_domain.fieldSections
      .flatMap((s) => s.fields)
      .find((f) => f.name === "default_quota")!;
    const tenAndAHalf = String(10.5 * 1024 ** 3);
    const de = renderIn(
      "de",
      createElement(FieldControl, { kind: "qboxmail_domain", field: quota, value: tenAndAHalf }),
    );
    expect(de).toContain(`<option value="${tenAndAHalf}" selected="">10,5 GB (aktueller Wert)</option>`);
    const en = renderIn(
      "en",
      createElement(FieldControl, { kind: "qboxmail_domain", field: quota, value: tenAndAHalf }),
    );
    expect(en).toContain(">10.5 GB (as set now)</option>");
  });

  it("adds nothing when the list holds the value", () => {
    const listed = String(antispam.options![0]!.value);
    const html = render(listed);
    expect(html).not.toContain("as set now");
    expect(html).toContain(`<option value="${listed}" selected="">`);
  });
});

// The service page's change form offers "Not set (the provider's default)" only where a change can
// unset: a Qboxmail domain's antispam level or default quota holding a value has no empty value at
// Qboxmail (the change would refuse it), while a grommunio policy setting left "Not set" leaves the
// domain's own policy (docs/lifecycle.md "A domain's ActiveSync policy").
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { manageSectionMarkup as servicePage } from "../support/manage-section-markup";

const select = (html: string, name: string) =>
  new RegExp(`<select[^>]*name="${name.replace(".", "\\.")}"[^>]*>.*?</select>`).exec(html)?.[0] ?? "";
// As React writes it into the markup (the apostrophe escaped).
const NOT_SET = en.orderForm.providerDefault.replace("'", "&#x27;");

describe("the change form's 'Not set' choice", () => {
  it("is not offered for a Qboxmail setting that holds a value, and is while it holds none", () => {
    const html = servicePage("qboxmail_domain", { name: "example.com", antispam_level: "medium", status: "enabled" });
    expect(select(html, "antispam_level")).toContain('value="medium"');
    expect(select(html, "antispam_level")).not.toContain(NOT_SET);
    const unread = servicePage("qboxmail_domain", { name: "example.com", status: "enabled" });
    expect(select(unread, "antispam_level")).toContain(NOT_SET);
  });

  it("is offered for a grommunio policy setting, which it takes out of the domain's own policy", () => {
    const html = servicePage("grommunio_domain", {
      domainname: "example.com",
      domainStatus: 0,
      syncPolicy: { allowbluetooth: 0 },
    });
    expect(select(html, "syncPolicy.allowbluetooth")).toContain(NOT_SET);
  });
});

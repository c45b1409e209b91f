// After the provider refused a change on named fields, the service page's change forms start
// from what that change asked for, with the provider's words beside those fields and a note above
// the form whose fields were named ("Try again on the service" on the order page leads there); a
// form none of whose fields was named starts from the provider's settings. What the forms compare
// with stays the provider's settings, so saving sends the change again.
import { describe, expect, it } from "vitest";
import { SHOWN_FIELD } from "@/lib/services/change-fields";
import en from "@/messages/en.json";
import { grommunioDomainSection, inputNamed } from "../support/manage-section-markup";

const settings = {
  domainname: "example.com",
  domainStatus: 1,
  chat: false,
  title: "Studio",
  maxUser: 10,
  syncPolicy: { allowwifi: 1 },
};
const refused = {
  set: { chat: true, title: "Studio Rossi", syncPolicy: { allowwifi: 0 } },
  errors: { chat: ["Chat can only be turned on while the domain is active: resume it first."] },
};
const note = en.services.lastChangeRefused;

/** The forms of the section, each as its own markup. */
const forms = (html: string) => html.split("<form").slice(1);

/** The options of the select named `name`. */
const optionsOf = (html: string, name: string) =>
  new RegExp(`name="${name.replace(/\./g, "\\.")}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";

/** What a form's hidden SHOWN_FIELD says it showed. */
const shownBy = (form: string) =>
  JSON.parse((new RegExp(`name="${SHOWN_FIELD}" value="([^"]*)"`).exec(form)?.[1] ?? "{}").replaceAll("&quot;", '"'));

describe("the change forms after a refused change", () => {
  it("fill in what it asked for, show the provider's words beside the field it named, and a note", () => {
    const html = grommunioDomainSection(settings, { refused });
    const [settingsForm, policyForm] = forms(html);
    expect(settingsForm).toContain(note);
    expect(settingsForm).toContain(refused.errors.chat[0]);
    expect(inputNamed(settingsForm!, "chat")).toMatch(/\bchecked=""/);
    expect(inputNamed(settingsForm!, "title")).toContain('value="Studio Rossi"');
    // Compared with the provider's settings: saving as filled in sends the change again.
    expect(shownBy(settingsForm!)).toMatchObject({ chat: "false", title: "Studio" });
    // The policy form, none of whose fields was named, starts from the provider's settings and
    // says nothing: saving it must not send the refused change's policy setting unseen.
    expect(optionsOf(policyForm!, "syncPolicy.allowwifi")).toContain('<option value="1" selected="">');
    expect(policyForm).not.toContain(note);
  });

  it("fill the policy form instead when the refusal names a policy setting", () => {
    const html = grommunioDomainSection(settings, {
      refused: { ...refused, errors: { "syncPolicy.allowwifi": ["grommunio said: “Bad Request”"] } },
    });
    const [settingsForm, policyForm] = forms(html);
    expect(optionsOf(policyForm!, "syncPolicy.allowwifi")).toContain('<option value="0" selected="">');
    expect(policyForm).toContain(note);
    expect(policyForm).toContain("grommunio said: “Bad Request”");
    expect(settingsForm).not.toContain(note);
    expect(inputNamed(settingsForm!, "chat")).not.toMatch(/\bchecked=""/);
  });

  it("start from the provider's settings, without a note, when the last change was not refused", () => {
    const html = grommunioDomainSection(settings);
    expect(html).not.toContain(note);
    expect(inputNamed(forms(html)[0]!, "chat")).not.toMatch(/\bchecked=""/);
    expect(inputNamed(forms(html)[0]!, "title")).toContain('value="Studio"');
    expect(optionsOf(forms(html)[1]!, "syncPolicy.allowwifi")).toContain('<option value="1" selected="">');
  });
});

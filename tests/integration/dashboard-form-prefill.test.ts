// "Edit and resubmit" pre-fills the order form from the failed order's stored payload. This checks
// that what the form then submits (as the browser would encode it) parses back to the same
// payload with the kind's own schema: nothing is lost or changed on the way round, and no
// password is ever pre-filled.
import { describe, expect, it } from "vitest";
import { type FormValues, formValuesFrom } from "@/app/r/[slug]/orders/new/form-values";
import { formDataToInput, type OrderKindName, orderKinds, parseOrderForm } from "@/lib/orders/schemas";

const GB = 1024 ** 3;
const PASSWORD = "Resubmit-pass-7";

const forms: Record<OrderKindName, Record<string, unknown>> = {
  grommunio_server: { hostname: "mx7.internal.example", extname: "mail7.example.com" },
  grommunio_domain: {
    ...orderKinds.grommunio_domain.defaults,
    domainname: "bücher-laden.de",
    maxUser: 25,
    title: "Bücher",
    chat: true,
    endDay: "2031-01-31",
    syncPolicy: { ...(orderKinds.grommunio_domain.defaults.syncPolicy as object), allowwifi: 0, maxattsize: "1048576" },
  },
  qboxmail_domain: {
    ...orderKinds.qboxmail_domain.defaults,
    name: "shop-prefill.com",
    postmaster_password: PASSWORD,
    postmaster_password_confirmation: PASSWORD,
    plan: "enterprise",
    chat: true,
    activesync: true,
    max_email_quota: 16 * GB,
    allow_nets: ["192.0.2.0/24", "198.51.100.7"],
    company: "Prefill SpA",
  },
  qboxmail_manager: {
    ...orderKinds.qboxmail_manager.defaults,
    email_address: "boss@prefill.example.com",
    firstname: "Ada",
    lastname: "Lovelace",
    password: PASSWORD,
    password_confirmation: PASSWORD,
    domain_codes: ["D123456789", "D987654321"],
    max_email_quota: 100 * GB,
    catch_all: false,
  },
};

/** What the rendered form posts: checkboxes only when ticked, lists as one textarea or repeated checkboxes. */
function browserFormData(kind: OrderKindName, values: FormValues, passwords: Record<string, string>): FormData {
  const fd = new FormData();
  for (const field of orderKinds[kind].fieldSections.flatMap((s) => s.fields)) {
    const v = values[field.name];
    if (field.input === "password") continue;
    if (field.input === "checkbox") {
      if (v === true) fd.append(field.name, "true");
    } else if (field.input === "list") {
      const items = Array.isArray(v) ? v : [];
      if (field.name === "domain_codes") for (const i of items) fd.append(field.name, i);
      else fd.append(field.name, items.join("\n"));
    } else {
      fd.append(field.name, typeof v === "string" ? v : "");
    }
  }
  for (const [k, v] of Object.entries(passwords)) fd.append(k, v);
  return fd;
}

describe("edit and resubmit pre-fill", () => {
  it.each(Object.keys(forms) as OrderKindName[])(
    "%s: stored payload → form → submitted payload is unchanged",
    (kind) => {
      const def = orderKinds[kind];
      const placed = parseOrderForm(kind, forms[kind]);
      if (!placed.ok) throw new Error(`example form invalid: ${JSON.stringify(placed.fieldErrors)}`);
      const values = formValuesFrom(def.fieldSections, def.defaults, JSON.parse(JSON.stringify(placed.payload)));

      for (const field of def.fieldSections.flatMap((s) => s.fields)) {
        if (field.input === "password") expect(values[field.name], field.name).toBeUndefined();
      }
      const passwords = Object.fromEntries(
        def.fieldSections
          .flatMap((s) => s.fields)
          .filter((f) => f.input === "password")
          .map((f) => [f.name, PASSWORD]),
      );
      const resubmitted = parseOrderForm(kind, formDataToInput(kind, browserFormData(kind, values, passwords)));
      if (!resubmitted.ok) throw new Error(`resubmitted form invalid: ${JSON.stringify(resubmitted.fieldErrors)}`);
      expect(resubmitted.payload).toEqual(placed.payload);
      expect(resubmitted.secrets).toEqual(placed.secrets);
    },
  );

  it("starts a new form from the kind's defaults", () => {
    const def = orderKinds.qboxmail_domain;
    const values = formValuesFrom(def.fieldSections, def.defaults);
    expect(values).toMatchObject({
      plan: "basic",
      max_email_quota: String(8 * GB),
      chat: false,
      max_email_accounts: "-1",
    });
    const policy = formValuesFrom(orderKinds.grommunio_domain.fieldSections, orderKinds.grommunio_domain.defaults);
    expect(Object.keys(policy).filter((k) => k.startsWith("syncPolicy.")).length).toBe(43);
  });
});

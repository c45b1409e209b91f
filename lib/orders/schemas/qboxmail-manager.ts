// Qboxmail manager: POST /api/managers (docs/upstream/qboxmail.md §3). The password is split off into the sealed
// secrets; its confirmation is rebuilt from it when the request is made.
import { z } from "zod";
import { requiredEmail } from "@/lib/forms/email-address";
import { toUnicode } from "@/lib/forms/idna";
import { v } from "@/lib/i18n/validation";
import { optionalBool, optionalIntEnum, optionalLimit, optionalText, requiredText, stringList } from "./form-input";
import { confirmationSchema, passwordFields, passwordSchema, withConfirmedPassword } from "./passwords";
import { MAILBOX_LIMITS, qboxmailLimit } from "./qboxmail-limits";
import { MANAGER_QUOTA_BYTES, managerQuotaOptions } from "./quotas";
import { compact, type FieldMeta, type FieldSection, type OrderKindDefinition, requireSecret } from "./types";

// Codes look like D + 8 or 9 digits, but the upstream's own material disagrees on the format,
// so they are treated as opaque; the server action checks they are the reseller's own domains.
const domainCode = z.string().min(1).max(32, v("domainCodeLong"));

/** The longest first or last name the form takes (both are required). */
const NAME_MAX = 255;
const personName = (name: string, label: string): FieldMeta => ({
  name,
  label,
  input: "text",
  required: true,
  maxLength: NAME_MAX,
});

const shape = {
  email_address: requiredEmail(v("managerEmail")),
  firstname: requiredText(NAME_MAX, v("managerFirstName")),
  lastname: requiredText(NAME_MAX, v("managerLastName")),
  company: optionalText(255, "company"),
  max_domains: optionalLimit(),
  max_email_accounts: optionalLimit(),
  max_email_accounts_archive: optionalLimit(),
  max_email_accounts_25gb: optionalLimit(),
  max_email_accounts_50gb: optionalLimit(),
  max_email_accounts_100gb: optionalLimit(),
  max_email_quota: optionalIntEnum(MANAGER_QUOTA_BYTES, v("quotaChoice")),
  domain_codes: stringList(domainCode, { max: 100_000 }).refine(
    (codes) => codes === undefined || new Set(codes).size === codes.length,
    {
      message: v("domainOnce"),
    },
  ),
  catch_all: optionalBool(),
};

const base = z.object(shape);

const qboxmailManagerFormSchema = withConfirmedPassword(
  base.extend({ password: passwordSchema, password_confirmation: confirmationSchema }),
  "password",
  "password_confirmation",
);
const qboxmailManagerPayloadSchema = base;
export type QboxmailManagerForm = z.output<typeof qboxmailManagerFormSchema>;
export type QboxmailManagerPayload = z.output<typeof qboxmailManagerPayloadSchema>;

const fieldSections: FieldSection[] = [
  {
    id: "basics",
    title: "Manager",
    fields: [
      {
        name: "email_address",
        label: "E-mail address",
        input: "email",
        required: true,
      },
      personName("firstname", "First name"),
      personName("lastname", "Last name"),
      ...passwordFields("password", "Password"),
      {
        name: "domain_codes",
        label: "Domains",
        input: "list",
        unordered: true,
        default: [],
      },
      {
        name: "catch_all",
        label: "Catch-all",
        input: "checkbox",
        default: true,
      },
    ],
  },
  {
    id: "limits",
    title: "Limits and quotas",
    fields: [
      qboxmailLimit("max_domains", "Domains"),
      ...MAILBOX_LIMITS,
      {
        name: "max_email_quota",
        label: "Maximum mailbox quota",
        input: "quota",
        options: managerQuotaOptions,
      },
    ],
  },
  {
    id: "company",
    title: "Company",
    fields: [{ name: "company", label: "Company", input: "text", maxLength: 255 }],
  },
];

// PUT /api/managers/{code} takes these besides the create's fields (int32, -1 = no limit;
// docs/upstream/qboxmail-lifecycle.md "A manager's Delivery limits could not be set"); POST
// /api/managers does not.
const changeOnlyFields: FieldMeta[] = [
  qboxmailLimit("max_delivery_domains", "Delivery domains"),
  qboxmailLimit("max_delivery_accounts", "Delivery accounts"),
];

function split(form: QboxmailManagerForm) {
  const { password, password_confirmation: _same, ...fields } = form;
  return { payload: compact(fields) as QboxmailManagerPayload, secrets: { password } };
}

function toUpstream(payload: QboxmailManagerPayload, secrets: Record<string, string>) {
  const password = requireSecret(secrets, "password");
  const { email_address, firstname, lastname, ...rest } = payload;
  // The address in lower case, the order's natural key and what the lookup asks `query` for
  // (docs/upstream/qboxmail.md §3, §4): a lookup by it must find the manager however it was typed.
  const email = email_address.toLowerCase();
  return {
    body: { email_address: email, firstname, lastname, password, password_confirmation: password, ...compact(rest) },
  };
}

export const qboxmailManager: OrderKindDefinition<"qboxmail_manager", QboxmailManagerForm, QboxmailManagerPayload> = {
  kind: "qboxmail_manager",
  provider: "qboxmail",
  label: "Qboxmail manager",
  description: "Create a Qboxmail manager who administers some of your Qboxmail domains, within limits you set.",
  formSchema: qboxmailManagerFormSchema,
  payloadSchema: qboxmailManagerPayloadSchema,
  secretFields: ["password"],
  split,
  naturalKey: (payload) => payload.email_address.toLowerCase(),
  // Shown and searched in the Unicode spelling as a domain's name is (docs/search.md): the address
  // is kept and sent with its domain in IDNA ASCII, so "münchen" finds info@xn--mnchen-3ya.de.
  displayName: (payload) => {
    const at = payload.email_address.lastIndexOf("@");
    const domain = payload.email_address.slice(at + 1);
    return at < 0 ? payload.email_address : `${payload.email_address.slice(0, at + 1)}${toUnicode(domain)}`;
  },
  toUpstream,
  fieldSections,
  changeOnlyFields,
  defaults: Object.fromEntries(
    fieldSections
      .flatMap((s) => s.fields)
      .filter((f) => f.default !== undefined)
      .map((f) => [f.name, f.default]),
  ),
};

/** The fields' rules, for the service change schemas (lib/services/change-kinds.ts). */
export const qboxmailManagerShape = shape;

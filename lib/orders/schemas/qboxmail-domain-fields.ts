// Form metadata for the Qboxmail domain order (docs/upstream/qboxmail.md §2). Labels, help texts and option
// names for people are in messages/*.json (orderFields.qboxmail_domain).

import { passwordFields } from "./passwords";
import { MAILBOX_LIMITS } from "./qboxmail-limits";
import { PLAN_GATED_FIELDS } from "./qboxmail-plans";
import { domainQuotaOptions } from "./quotas";
import { type FieldMeta, type FieldSection, selectField } from "./types";

const gated = (name: keyof typeof PLAN_GATED_FIELDS, label: string): FieldMeta => ({
  name,
  label,
  input: "checkbox",
  default: false,
  plans: PLAN_GATED_FIELDS[name],
});
const flag = (name: string, label: string): FieldMeta => ({
  name,
  label,
  input: "checkbox",
  default: false,
});
const text = (name: string, label: string, maxLength = 255): FieldMeta => ({
  name,
  label,
  input: "text",
  maxLength,
});

export const qboxmailDomainSections: FieldSection[] = [
  {
    id: "basics",
    title: "Domain",
    fields: [
      {
        name: "name",
        label: "Domain name",
        input: "text",
        required: true,
        placeholder: "example.com",
      },
      ...passwordFields("postmaster_password", "Postmaster password"),
      selectField(
        "plan",
        "Plan",
        [
          ["basic", "Basic"],
          ["professional", "Professional"],
          ["enterprise", "Enterprise"],
        ],
        { default: "basic" },
      ),
      flag("catch_all_enabled", "Catch-all"),
      {
        name: "catch_all_destination",
        label: "Catch-all destination",
        input: "email",
      },
      selectField("language", "Language", [
        ["it", "Italian"],
        ["en", "English"],
      ]),
      {
        name: "timezone",
        label: "Time zone",
        input: "text",
        maxLength: 64,
        placeholder: "Europe/Rome",
      },
    ],
  },
  {
    id: "limits",
    title: "Limits and quotas",
    fields: [
      ...MAILBOX_LIMITS,
      {
        name: "max_email_quota",
        label: "Maximum mailbox quota",
        input: "quota",
        options: domainQuotaOptions,
        default: 8589934592,
      },
      {
        name: "default_quota",
        label: "Default mailbox quota",
        input: "quota",
        options: domainQuotaOptions,
      },
    ],
  },
  {
    id: "security",
    title: "Security and services",
    fields: [
      selectField(
        "antispam_level",
        "Antispam",
        [
          [0, "Disabled"],
          [1, "Permissive"],
          [2, "Standard"],
          [3, "Aggressive"],
        ],
        { default: 2 },
      ),
      flag("imap_disabled", "Disable IMAP"),
      flag("pop_disabled", "Disable POP"),
      flag("smtp_disabled", "Disable SMTP"),
      flag("webmail_disabled", "Disable webmail"),
      flag("archive_disabled", "Disable archive"),
      gated("activesync", "ActiveSync"),
      gated("xmpp", "XMPP"),
      gated("dav", "CalDAV/CardDAV"),
      gated("api_enabled", "API access"),
      gated("chat", "Chat"),
      gated("meeting", "Meeting"),
      gated("calendar", "Calendar"),
      gated("password_change_disabled", "Users cannot change passwords"),
      gated("password_recovery_disabled", "Disable password recovery"),
      selectField(
        "password_expiration",
        "Password expiry",
        [
          [0, "Never"],
          [1, "1 month"],
          [3, "3 months"],
          [6, "6 months"],
          [12, "12 months"],
        ],
        { plans: PLAN_GATED_FIELDS.password_expiration },
      ),
      gated("force_password_first_login", "New password at first login"),
      gated("block_old_password", "Block old passwords"),
      gated("force_otp", "Require two-factor login"),
      {
        name: "allow_nets",
        label: "Allowed networks",
        input: "list",
        default: [],
        placeholder: "192.0.2.0/24",
      },
    ],
  },
  {
    id: "company",
    title: "Company",
    fields: [
      text("company", "Company"),
      text("telephone", "Telephone", 64),
      text("address", "Address"),
      text("city", "City"),
      text("zip", "Zip code", 32),
      text("state", "State"),
      text("country", "Country"),
    ],
  },
];

export const qboxmailDomainDefaults: Record<string, unknown> = Object.fromEntries(
  qboxmailDomainSections
    .flatMap((s) => s.fields)
    .filter((f) => f.default !== undefined)
    .map((f) => [f.name, f.default]),
);

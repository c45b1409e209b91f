// Form metadata for the Qboxmail domain order. Help texts are those of Qboxmail's reference page (docs/upstream/qboxmail.md §2).

import { PASSWORD_HINT } from "./passwords";
import { PLAN_GATED_FIELDS } from "./qboxmail-plans";
import { domainQuotaOptions } from "./quotas";
import type { FieldMeta, FieldSection } from "./types";

const gated = (name: keyof typeof PLAN_GATED_FIELDS, label: string, help: string): FieldMeta => ({
  name,
  label,
  help,
  input: "checkbox",
  default: false,
  plans: PLAN_GATED_FIELDS[name],
});
const limit = (name: string, label: string, help: string): FieldMeta => ({
  name,
  label,
  help,
  input: "number",
  min: -1,
  default: -1,
});
const flag = (name: string, label: string, help: string): FieldMeta => ({
  name,
  label,
  help,
  input: "checkbox",
  default: false,
});
const text = (name: string, label: string, help: string, maxLength = 255): FieldMeta => ({
  name,
  label,
  help,
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
        help: "Domain name without www.",
      },
      {
        name: "postmaster_password",
        label: "Postmaster password",
        input: "password",
        required: true,
        help: `Password for the user Postmaster. ${PASSWORD_HINT}.`,
      },
      {
        name: "postmaster_password_confirmation",
        label: "Repeat the password",
        input: "password",
        required: true,
        help: "Repeat the password.",
      },
      {
        name: "plan",
        label: "Plan",
        input: "select",
        default: "basic",
        help: "The plan of the domain. Some features below are only available on professional or enterprise.",
        options: [
          { value: "basic", label: "Basic" },
          { value: "professional", label: "Professional" },
          { value: "enterprise", label: "Enterprise" },
        ],
      },
      flag(
        "catch_all_enabled",
        "Catch-all",
        "True if you want to activate the catch all for the domain. Available only for non trial users.",
      ),
      {
        name: "catch_all_destination",
        label: "Catch-all destination",
        input: "email",
        help: "Valid email address, must be present if catch-all is enabled.",
      },
      {
        name: "language",
        label: "Language",
        input: "select",
        options: [
          { value: "it", label: "Italian" },
          { value: "en", label: "English" },
        ],
        help: "Language for the users of the domain. By default the language of the customer is applied.",
      },
      {
        name: "timezone",
        label: "Time zone",
        input: "text",
        maxLength: 64,
        placeholder: "Europe/Rome",
        help: "Time zone, such as Europe/Rome. By default the time zone of the customer is applied.",
      },
    ],
  },
  {
    id: "limits",
    title: "Limits and quotas",
    fields: [
      limit("max_email_accounts", "Mailboxes", "Max number of email accounts for the domain, -1 = no limit."),
      limit(
        "max_email_accounts_archive",
        "Mailboxes with archive",
        "Max number of email accounts with the archive option activated for the domain, -1 = no limit.",
      ),
      limit(
        "max_email_accounts_25gb",
        "25 GB mailboxes",
        "Max number of email accounts with 25GB of storage for the domain, -1 = no limit.",
      ),
      limit(
        "max_email_accounts_50gb",
        "50 GB mailboxes",
        "Max number of email accounts with 50GB of storage for the domain, -1 = no limit.",
      ),
      limit(
        "max_email_accounts_100gb",
        "100 GB mailboxes",
        "Max number of email accounts with 100GB of storage for the domain, -1 = no limit.",
      ),
      {
        name: "max_email_quota",
        label: "Maximum mailbox quota",
        input: "quota",
        options: domainQuotaOptions,
        default: 8589934592,
        help: "Max quota for the email accounts of the domain.",
      },
      {
        name: "default_quota",
        label: "Default mailbox quota",
        input: "quota",
        options: domainQuotaOptions,
        help: "Default quota used at the creation of new email for the domain. No larger than the maximum quota.",
      },
    ],
  },
  {
    id: "security",
    title: "Security and services",
    fields: [
      {
        name: "antispam_level",
        label: "Antispam",
        input: "select",
        default: 2,
        help: "Level of the antispam.",
        options: [
          { value: 0, label: "Disabled" },
          { value: 1, label: "Permissive" },
          { value: 2, label: "Standard" },
          { value: 3, label: "Aggressive" },
        ],
      },
      flag("imap_disabled", "Disable IMAP", "Disable IMAP protocol on all email accounts of the domain."),
      flag("pop_disabled", "Disable POP", "Disable POP protocol on all email accounts of the domain."),
      flag("smtp_disabled", "Disable SMTP", "Disable SMTP protocol on all email accounts of the domain."),
      flag("webmail_disabled", "Disable webmail", "Disable webmail access on all email accounts of the domain."),
      flag("archive_disabled", "Disable archive", "Disable archive on all email accounts of the domain."),
      gated("activesync", "ActiveSync", "Enable activesync service on domain accounts."),
      gated("xmpp", "XMPP", "Enable xmpp service on domain accounts."),
      gated("dav", "CalDAV/CardDAV", "Enable dav service on domain accounts."),
      gated("api_enabled", "API access", "Enable API access on domain accounts."),
      gated("chat", "Chat", "Enable chat on the Qboxmail webmail."),
      gated("meeting", "Meeting", "Enable meeting video chat on the Qboxmail webmail."),
      gated("calendar", "Calendar", "Enable calendar on the Qboxmail webmail."),
      gated(
        "password_change_disabled",
        "Users cannot change passwords",
        "Disable the password change from the user. Only the domain owner will be able to change users passwords. Default for new accounts; each account can override it.",
      ),
      gated(
        "password_recovery_disabled",
        "Disable password recovery",
        "Disable the password recovery from the user. Default for new accounts; each account can override it.",
      ),
      {
        name: "password_expiration",
        label: "Password expiry",
        input: "select",
        default: 0,
        plans: PLAN_GATED_FIELDS.password_expiration,
        help: "The number of months before the password will expire and will need to be changed. Default for new accounts; each account can override it.",
        options: [
          { value: 0, label: "Never" },
          { value: 1, label: "1 month" },
          { value: 3, label: "3 months" },
          { value: 6, label: "6 months" },
          { value: 12, label: "12 months" },
        ],
      },
      gated(
        "force_password_first_login",
        "New password at first login",
        "Every account will need to set a new password on the first login. Default for new accounts; each account can override it.",
      ),
      gated(
        "block_old_password",
        "Block old passwords",
        "Users will not be able to choose a password that has been already used in the past. Default for new accounts; each account can override it.",
      ),
      gated(
        "force_otp",
        "Require two-factor login",
        "Every user must use 2 factor authentication to login to Qboxmail services. Default for new accounts; each account can override it.",
      ),
      {
        name: "allow_nets",
        label: "Allowed networks",
        input: "list",
        default: [],
        placeholder: "192.0.2.0/24",
        help: "List of valid IP addresses or networks (CIDR), one per line.",
      },
    ],
  },
  {
    id: "company",
    title: "Company",
    fields: [
      text("company", "Company", "Name of the company associated with the domain"),
      text("telephone", "Telephone", "Telephone number of the company", 64),
      text("address", "Address", "Address of the company"),
      text("city", "City", "City of the company"),
      text("zip", "Zip code", "Zip code of the company", 32),
      text("state", "State", "State of the company"),
      text("country", "Country", "Country of the company"),
    ],
  },
];

export const qboxmailDomainDefaults: Record<string, unknown> = Object.fromEntries(
  qboxmailDomainSections
    .flatMap((s) => s.fields)
    .filter((f) => f.default !== undefined)
    .map((f) => [f.name, f.default]),
);

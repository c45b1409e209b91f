// The enumerations and limits Qboxmail enforces, per docs/upstream/qboxmail.md §2 (domains) and
// §3 (managers). Kept here, apart from lib/, so the simulator checks
// our client against the contract rather than against the client's own assumptions.

export const PLANS = ["basic", "professional", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

const GB = 1_073_741_824;
/** Domain max_email_quota and default_quota: the legacy reference's 1–8, 16, 25 GiB plus the current reference's 50 MB and 50 GiB. */
export const DOMAIN_QUOTAS = [
  52_428_800,
  GB,
  2 * GB,
  3 * GB,
  4 * GB,
  5 * GB,
  6 * GB,
  7 * GB,
  8 * GB,
  16 * GB,
  26_843_545_600,
  50 * GB,
];
/** Manager max_email_quota: the domain set plus 100 GB (docs/upstream/qboxmail.md §3). */
export const MANAGER_QUOTAS = [...DOMAIN_QUOTAS, 100 * GB];
export const DEFAULT_MAX_EMAIL_QUOTA = 8 * GB;

export const ANTISPAM_LEVELS = [0, 1, 2, 3];
/** Months; the reference does not show the values (docs/upstream/qboxmail.md §2, assumed: 0 = never). */
export const PASSWORD_EXPIRATIONS = [0, 1, 3, 6, 12];
export const LANGUAGES = ["it", "en"];

/** Plan gating as docs/upstream/qboxmail.md §2 states it: a gated feature switched on below its plan is "is not valid". */
export const ENTERPRISE_ONLY = ["chat", "meeting", "calendar", "block_old_password", "force_otp"] as const;
export const PROFESSIONAL_UP = [
  "activesync",
  "xmpp",
  "dav",
  "api_enabled",
  "password_change_disabled",
  "password_recovery_disabled",
  "force_password_first_login",
] as const; // password_expiration (an integer) is gated too, handled beside these booleans

export const DOMAIN_PLAIN_BOOLEANS = [
  "imap_disabled",
  "pop_disabled",
  "smtp_disabled",
  "webmail_disabled",
  "archive_disabled",
] as const;
export const DOMAIN_LIMITS = [
  "max_email_accounts",
  "max_email_accounts_archive",
  "max_email_accounts_25gb",
  "max_email_accounts_50gb",
  "max_email_accounts_100gb",
] as const;
export const MANAGER_LIMITS = ["max_domains", ...DOMAIN_LIMITS] as const;
export const COMPANY_FIELDS = ["company", "telephone", "address", "city", "zip", "state", "country"] as const;

// Qboxmail publishes its own timezone list (a gist linked from its reference page, IANA names) that we
// cannot fetch here; any IANA name or alias this runtime's Intl knows stands in for it, the same
// rule the order form applies.
export function isTimezone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

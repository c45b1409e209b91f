// The enumerations and limits Qboxmail enforces, per docs/upstream/qboxmail.md §2 (domains) and
// §3 (managers). Kept here, apart from lib/, so the simulator checks
// our client against the contract rather than against the client's own assumptions.

export const PLANS = ["basic", "professional", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

const MiB = 1_048_576;
const GiB = 1_073_741_824;
/** Domain max_email_quota and default_quota: the legacy reference's 1–8, 16 and 25 GiB, and the current reference's 50 MB and 50 GiB. */
const LEGACY_DOMAIN_GIB = [1, 2, 3, 4, 5, 6, 7, 8, 16, 25];
export const DOMAIN_QUOTAS = [50 * MiB, ...LEGACY_DOMAIN_GIB.map((n) => n * GiB), 50 * GiB];
export const MANAGER_QUOTAS = [...DOMAIN_QUOTAS, 100 * GiB];
export const DEFAULT_MAX_EMAIL_QUOTA = 8 * GiB;

export const ANTISPAM_LEVELS = [0, 1, 2, 3];
/** Months; the reference does not show the values (docs/upstream/qboxmail.md §2, assumed: 0 = never). */
export const PASSWORD_EXPIRATIONS = [0, 1, 3, 6, 12];
export const LANGUAGES = ["it", "en"];

/**
 * Plan gating as docs/upstream/qboxmail.md §2 states it: the smallest plan each gated feature
 * needs. A feature switched on below its plan is "is not valid" on that field. All are booleans
 * but password_expiration (months, where 0 is off).
 */
export const FEATURE_PLAN: Readonly<Record<string, Exclude<Plan, "basic">>> = {
  chat: "enterprise",
  meeting: "enterprise",
  calendar: "enterprise",
  block_old_password: "enterprise",
  force_otp: "enterprise",
  activesync: "professional",
  xmpp: "professional",
  dav: "professional",
  api_enabled: "professional",
  password_change_disabled: "professional",
  password_recovery_disabled: "professional",
  force_password_first_login: "professional",
  password_expiration: "professional",
};

/** Whether `plan` includes what `needed` allows: plans are listed in PLANS from the smallest up. */
export function planIncludes(plan: Plan, needed: Plan): boolean {
  return PLANS.indexOf(plan) >= PLANS.indexOf(needed);
}

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
// cannot fetch here; any IANA name or alias this runtime's Intl knows stands in for it, in any case.
// That is looser than the order form, which sends only names of the IANA list in the list's
// spelling (docs/upstream/qboxmail.md §2).
export function isTimezone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

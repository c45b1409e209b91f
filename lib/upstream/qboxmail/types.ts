// Request and response shapes of the Qboxmail Management API calls the portal makes
// (docs/upstream/qboxmail.md §2 and §3). Field names are
// Qboxmail's own, which our order schemas reuse.

export type QboxmailPlan = "basic" | "professional" | "enterprise";

/** Mailbox limits shared by domains and managers: -1 = no limit; the quota is in bytes. */
export type QboxmailLimits = {
  max_email_accounts?: number;
  max_email_accounts_archive?: number;
  max_email_accounts_25gb?: number;
  max_email_accounts_50gb?: number;
  max_email_accounts_100gb?: number;
  max_email_quota?: number;
};

/** POST /api/domains. Only name and the postmaster passwords are required. */
export type QboxmailDomainCreate = QboxmailLimits & {
  name: string;
  postmaster_password: string;
  postmaster_password_confirmation: string;
  plan?: QboxmailPlan;
  customer_code?: string;
  outbound_limit_id?: number;
  catch_all_enabled?: boolean;
  catch_all_destination?: string;
  default_quota?: number;
  antispam_level?: number; // 0 disabled, 1 permissive, 2 standard, 3 aggressive
  imap_disabled?: boolean;
  pop_disabled?: boolean;
  smtp_disabled?: boolean;
  webmail_disabled?: boolean;
  archive_disabled?: boolean;
  chat?: boolean;
  meeting?: boolean;
  calendar?: boolean;
  block_old_password?: boolean;
  force_otp?: boolean;
  activesync?: boolean;
  xmpp?: boolean;
  dav?: boolean;
  api_enabled?: boolean;
  password_change_disabled?: boolean;
  password_recovery_disabled?: boolean;
  password_expiration?: number;
  force_password_first_login?: boolean;
  allow_nets?: string[];
  company?: string;
  telephone?: string;
  address?: string;
  city?: string;
  zip?: string;
  state?: string;
  country?: string;
  language?: "it" | "en";
  timezone?: string;
};

/** POST /api/managers (docs/upstream/qboxmail.md §3). */
export type QboxmailManagerCreate = QboxmailLimits & {
  email_address: string;
  firstname: string;
  lastname: string;
  password: string;
  password_confirmation: string;
  company?: string;
  max_domains?: number;
  domain_codes?: string[];
  catch_all?: boolean;
};

/**
 * PUT /api/managers/{code} (docs/upstream/qboxmail-lifecycle.md "A manager's Delivery limits
 * could not be set"): every field optional; besides the create's limits it takes the Delivery
 * limits (int32, -1 = no limit).
 */
export type QboxmailManagerUpdate = QboxmailLimits & {
  max_domains?: number;
  max_delivery_domains?: number;
  max_delivery_accounts?: number;
  domain_codes?: string[];
  password?: string;
  password_confirmation?: string;
};

/** The 201 answer: `resource_code` from the body, else the last segment of `Location`. */
export type QboxmailCreated = { code: string; location?: string };

/** A domain as listed; only the fields the portal reads are typed, the rest pass through. */
export type QboxmailDomain = {
  code: string;
  name: string;
  status?: string;
  status_detail?: string;
  plan?: string;
  [field: string]: unknown;
};

export type QboxmailManager = {
  code: string;
  email_address: string;
  firstname?: string;
  lastname?: string;
  [field: string]: unknown;
};

export type QboxmailPagination = { per: number; page: number; total_pages: number; total_records: number };

// Quota values the Qboxmail API accepts, in bytes (docs/upstream/qboxmail.md §2 and §3).
// Anything else is a 422 "is not valid" upstream, so the forms offer exactly these.
import { byteOptions } from "@/lib/format/bytes";

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Domain max_email_quota and default_quota: the current reference's set (50 MB … 50 GB). */
export const DOMAIN_QUOTA_BYTES = [
  50 * MB,
  1 * GB,
  2 * GB,
  3 * GB,
  4 * GB,
  5 * GB,
  6 * GB,
  7 * GB,
  8 * GB,
  16 * GB,
  25 * GB,
  50 * GB,
] as const;

/** Manager max_email_quota: the domain set plus 100 GB (docs/upstream/qboxmail.md §3 lists all 13). */
export const MANAGER_QUOTA_BYTES = [...DOMAIN_QUOTA_BYTES, 100 * GB] as const;

/** The upstream's default domain max_email_quota when none is sent (the legacy reference, docs/upstream/qboxmail.md §2). */
export const DEFAULT_DOMAIN_MAX_QUOTA = 8 * GB;

export const domainQuotaOptions = byteOptions(DOMAIN_QUOTA_BYTES);
export const managerQuotaOptions = byteOptions(MANAGER_QUOTA_BYTES);

// The mailbox limits Qboxmail keeps on a domain and on a manager alike (docs/upstream/qboxmail.md):
// the same upstream fields, the same "no limit" value (-1), so both order forms take them from here.
import type { FieldMeta } from "./types";

export const qboxmailLimit = (name: string, label: string): FieldMeta => ({
  name,
  label,
  input: "number",
  min: 0,
  default: -1,
  noLimit: -1,
});

/** How many mailboxes of each kind; the maximum quota follows, with each kind's own choices. */
export const MAILBOX_LIMITS: readonly FieldMeta[] = [
  qboxmailLimit("max_email_accounts", "Mailboxes"),
  qboxmailLimit("max_email_accounts_archive", "Mailboxes with archive"),
  qboxmailLimit("max_email_accounts_25gb", "25 GB mailboxes"),
  qboxmailLimit("max_email_accounts_50gb", "50 GB mailboxes"),
  qboxmailLimit("max_email_accounts_100gb", "100 GB mailboxes"),
];

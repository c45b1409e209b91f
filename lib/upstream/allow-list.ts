// What an attempt row may keep of a request and a response (docs/design.md invariant 6): named,
// non-secret fields per order kind. Anything not listed is dropped, so a new upstream field —
// or a password — can never slip in by being forgotten in a mask.
import type { OrderKind } from "@/lib/generated/prisma/enums";

/** The limits Qboxmail keeps on a domain and on a manager alike. */
export const QBOX_LIMITS = [
  "max_email_accounts",
  "max_email_accounts_archive",
  "max_email_accounts_25gb",
  "max_email_accounts_50gb",
  "max_email_accounts_100gb",
  "max_email_quota",
] as const;

const REQUEST_FIELDS: Record<OrderKind, readonly string[]> = {
  grommunio_server: ["hostname", "extname"],
  grommunio_domain: [
    "domainname",
    "orgID",
    "maxUser",
    "title",
    "address",
    "adminName",
    "tel",
    "endDay",
    "domainStatus",
    // Device policy values only (numbers and application lists); nothing secret lives in it.
    "syncPolicy",
    "chat",
    "homeserver",
    "createRole",
  ],
  qboxmail_domain: [
    "name",
    "plan",
    "catch_all_enabled",
    "catch_all_destination",
    ...QBOX_LIMITS,
    "antispam_level",
    "default_quota",
    "imap_disabled",
    "pop_disabled",
    "archive_disabled",
    "webmail_disabled",
    "smtp_disabled",
    "chat",
    "activesync",
    "meeting",
    "calendar",
    "xmpp",
    "dav",
    "api_enabled",
    "password_change_disabled",
    "password_recovery_disabled",
    "password_expiration",
    "force_password_first_login",
    "block_old_password",
    "force_otp",
    "allow_nets",
    "company",
    "telephone",
    "address",
    "city",
    "zip",
    "state",
    "country",
    "language",
    "timezone",
    "customer_code",
    "outbound_limit_id",
  ],
  qboxmail_manager: [
    "email_address",
    "firstname",
    "lastname",
    "company",
    "max_domains",
    ...QBOX_LIMITS,
    "domain_codes",
    "catch_all",
  ],
};

const RESPONSE_FIELDS = [
  "ID",
  "hostname",
  "extname",
  "domainname",
  "domainStatus",
  "homeserver",
  "code",
  "resource_code",
  "location",
  "name",
  "email_address",
  "status",
  // When the provider made it: support compares it with the order's first create (a resource
  // older than the order is held, not adopted: workers/processors/provision-order.ts).
  "created_at",
  "message",
] as const;

function pick(source: unknown, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source || typeof source !== "object") return out;
  for (const f of fields) {
    const v = (source as Record<string, unknown>)[f];
    if (v !== undefined && typeof v !== "function") out[f] = v;
  }
  return out;
}

/** The request fields kept for an order kind: the ones we send that carry no secret. */
export const requestFieldsOf = (kind: OrderKind): readonly string[] => REQUEST_FIELDS[kind];

export function allowListedRequest(
  kind: OrderKind,
  body: unknown,
  query?: Record<string, string>,
): Record<string, unknown> {
  const picked = pick(body, REQUEST_FIELDS[kind]);
  const q = pick(query, REQUEST_FIELDS[kind]);
  return Object.keys(q).length ? { ...picked, query: q } : picked;
}

/** Response bodies are kept by the same rule; message texts are short upstream summaries. */
export function allowListedResponse(data: unknown): Record<string, unknown> {
  const picked = pick(data, RESPONSE_FIELDS);
  if (typeof picked.message === "string") picked.message = picked.message.slice(0, 300);
  return picked;
}

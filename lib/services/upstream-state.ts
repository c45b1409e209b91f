// What a service's upstream resource looks like now, in plain words (docs/lifecycle.md). Pure:
// turns what a provider client read into a state word (pages name it through the `services.states`
// messages) and the settings the service page shows. No secrets: only allow-listed fields are kept.
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { QBOX_LIMITS } from "@/lib/upstream/allow-list";

export type UpstreamState =
  | "active"
  // Qboxmail `enabled` with a `status_detail` other than `ok`: the domain works, its MX records
  // need updating or verifying (the panel's "Active, MX records to update or verify").
  | "active_mx_to_fix"
  | "ownership_check" // Qboxmail: waiting for the owner's DNS record
  | "suspended" // grommunio domainStatus 1
  | "disabled" // Qboxmail status disabled
  | "soft_deleted" // grommunio domainStatus 3: the name stays taken
  | "deleting" // Qboxmail queued deletion
  | "missing" // the provider answered 404
  | "in_progress"; // any other upstream value: keep reading, never an error by itself

/** Every state word, in the order pages list them; the `services.states` messages name each. */
export const UPSTREAM_STATES: readonly UpstreamState[] = [
  "active",
  "active_mx_to_fix",
  "ownership_check",
  "suspended",
  "disabled",
  "soft_deleted",
  "deleting",
  "missing",
  "in_progress",
];

/** Whether a stored state is one of ours (older rows or a provider's raw word are shown as read). */
export const isUpstreamState = (s: string): s is UpstreamState => (UPSTREAM_STATES as readonly string[]).includes(s);

const SETTINGS: Record<OrderKind, readonly string[]> = {
  grommunio_domain: [
    "ID",
    "domainname",
    "displayname",
    "domainStatus",
    "maxUser",
    "activeUsers",
    "inactiveUsers",
    "title",
    "address",
    "adminName",
    "tel",
    "endDay",
    "syncPolicy",
    "homeserver",
    "chat",
  ],
  grommunio_server: ["ID", "hostname", "extname", "users", "domains"],
  qboxmail_domain: [
    "code",
    "name",
    "status",
    "status_detail",
    "plan",
    "manager_code",
    "customer_code",
    ...QBOX_LIMITS,
    "no_email_accounts",
    // What the change form offers, so it starts from the provider's values.
    "antispam_level",
    "catch_all_enabled",
    "catch_all_destination",
    "default_quota",
    "allow_nets",
    "imap_disabled",
    "pop_disabled",
    "smtp_disabled",
    "webmail_disabled",
    "activesync",
    "chat",
    "meeting",
    "calendar",
    "dav",
    "possession_a_record",
    "ownership_verification_email_address",
    "activated_at",
  ],
  qboxmail_manager: [
    "code",
    "email_address",
    "firstname",
    "lastname",
    "status",
    "domain_codes",
    "max_domains",
    ...QBOX_LIMITS,
    "max_delivery_domains",
    "max_delivery_accounts",
  ],
};

export function pickSettings(kind: OrderKind, data: unknown): Record<string, unknown> {
  const src = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of SETTINGS[kind]) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

/**
 * A Qboxmail status word as compared: trimmed and lower-cased. The docs never say how Qboxmail
 * cases its answers (docs/upstream/qboxmail-lifecycle.md), so "Enabled" is the `enabled` state,
 * not a step in progress. "" when there is no word (absent, null, not a string).
 */
export function statusWord(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase() : "";
}

export function stateOf(kind: OrderKind, data: Record<string, unknown>): UpstreamState {
  if (kind === "grommunio_domain") {
    const s = data.domainStatus;
    return s === 0 ? "active" : s === 1 ? "suspended" : s === 3 ? "soft_deleted" : "in_progress";
  }
  if (kind === "grommunio_server") return "active";
  const status = statusWord(data.status);
  // Only `enabled` + `ok` is documented as active and usable; `enabled` with any other detail is
  // assumed to be the panel's "MX records to update or verify" (docs/upstream/qboxmail-lifecycle.md
  // "Active, MX records to fix"). A missing detail (a reply without the field) stays active: no
  // alarm without the provider saying so. Managers have no MX: their `enabled` is active.
  if (status === "enabled")
    return kind === "qboxmail_domain" && mxToFix(data.status_detail) ? "active_mx_to_fix" : "active";
  if (status === "ownership_check") return "ownership_check";
  if (status === "disabled") return "disabled";
  if (status === "deleting") return "deleting";
  return "in_progress";
}

/** A Qboxmail domain's detail that is there and is not `ok` (its case and spaces ignored). */
function mxToFix(detail: unknown): boolean {
  if (detail === undefined || detail === null) return false;
  const word = String(detail).trim().toLowerCase();
  return word !== "" && word !== "ok";
}

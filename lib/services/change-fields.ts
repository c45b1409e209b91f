// The inputs of each kind's change form, prefilled from the settings read at the provider. Only
// fields the change schemas (change-kinds.ts) accept; an empty input means "leave as it is".
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { MANAGER_QUOTA_BYTES } from "@/lib/orders/schemas/quotas";
import { SYNC_POLICY_DEFAULTS, SYNC_POLICY_FIELDS } from "@/lib/orders/schemas/sync-policy";
import type { PlaceChangeInput } from "./place-change";

export type ChangeField = {
  name: string;
  label: string;
  input: "number" | "text" | "date" | "yesno" | "list" | "select";
  options?: { value: string; label: string }[];
  value: string;
};

const text = (v: unknown) => (v === undefined || v === null ? "" : Array.isArray(v) ? v.join("\n") : String(v));
const GB = 1024 ** 3;

function fields(defs: [string, string, ChangeField["input"]][], s: Record<string, unknown>): ChangeField[] {
  return defs.map(([name, label, input]) => ({ name, label, input, value: text(s[name]) }));
}

export function changeFields(kind: OrderKind, s: Record<string, unknown>): ChangeField[] {
  switch (kind) {
    case "grommunio_domain":
      return fields(
        [
          ["maxUser", "Maximum users", "number"],
          ["title", "Title", "text"],
          ["address", "Address", "text"],
          ["adminName", "Administrator's name", "text"],
          ["tel", "Telephone", "text"],
          ["endDay", "End day (YYYY-MM-DD)", "date"],
        ],
        s,
      );
    case "grommunio_server":
      return fields([["extname", "External name (what mail clients connect to)", "text"]], s);
    case "qboxmail_domain":
      return fields(
        [
          ["max_email_accounts", "Mailboxes (-1 = no limit)", "number"],
          ["max_email_accounts_25gb", "25 GB mailboxes", "number"],
          ["max_email_accounts_50gb", "50 GB mailboxes", "number"],
          ["antispam_level", "Antispam level (0–3)", "number"],
          ["imap_disabled", "IMAP disabled", "yesno"],
          ["pop_disabled", "POP disabled", "yesno"],
          ["smtp_disabled", "SMTP disabled", "yesno"],
          ["webmail_disabled", "Webmail disabled", "yesno"],
          ["activesync", "ActiveSync", "yesno"],
          ["chat", "Chat", "yesno"],
          ["meeting", "Meetings", "yesno"],
          ["calendar", "Calendar", "yesno"],
          ["dav", "CalDAV/CardDAV", "yesno"],
        ],
        s,
      );
    case "qboxmail_manager":
      return [
        ...fields(
          [
            ["max_domains", "Domains (-1 = no limit)", "number"],
            ["max_email_accounts", "Mailboxes", "number"],
            ["max_email_accounts_25gb", "25 GB mailboxes", "number"],
            ["max_email_accounts_50gb", "50 GB mailboxes", "number"],
            ["max_email_accounts_100gb", "100 GB mailboxes", "number"],
            ["max_email_accounts_archive", "Archive mailboxes", "number"],
          ],
          s,
        ),
        {
          name: "max_email_quota",
          label: "Largest mailbox",
          input: "select",
          options: MANAGER_QUOTA_BYTES.map((b) => ({
            value: String(b),
            label: `${Math.round((b / GB) * 100) / 100} GB`,
          })),
          value: text(s.max_email_quota),
        },
        {
          name: "domain_codes",
          label: "Assigned domain codes (one per line)",
          input: "list",
          value: text(s.domain_codes),
        },
      ];
  }
}

/** The ActiveSync policy form of a grommunio domain: every key, prefilled from the domain's policy. */
export function policyFields(s: Record<string, unknown>): ChangeField[] {
  const current = { ...SYNC_POLICY_DEFAULTS, ...((s.syncPolicy as Record<string, unknown> | null) ?? {}) };
  return SYNC_POLICY_FIELDS.map((f) => ({
    name: `syncPolicy.${f.key}`,
    label: f.label,
    input: f.rule.type === "list" ? "list" : f.rule.type === "size" && f.rule.unlimited === "" ? "text" : "number",
    value: text(current[f.key]),
  }));
}

/** FormData → the object the change schema parses: "syncPolicy.x" names nest, blanks are dropped. */
function changeFormToObject(fd: { entries(): Iterable<[string, unknown]> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of fd.entries()) {
    if (typeof raw !== "string" || name.startsWith("$") || name === "idempotencyKey" || name === "confirmName")
      continue;
    const value = raw.trim();
    if (value === "") continue;
    const [head, key] = name.split(".", 2);
    if (head === "syncPolicy" && key) {
      const policy = (out.syncPolicy ?? {}) as Record<string, unknown>;
      policy[key] = value;
      out.syncPolicy = policy;
    } else out[name] = value;
  }
  return out;
}

/**
 * What the reseller's service page action asks placeChange for. A `purge` field is in none of
 * its forms: it is passed on so that a forged one is refused, not silently dropped.
 */
export function changeRequestFromForm(serviceId: string, action: string, fd: FormData): PlaceChangeInput {
  const confirmName = fd.get("confirmName");
  return {
    serviceId,
    action,
    idempotencyKey: String(fd.get("idempotencyKey") ?? ""),
    form: action === "change" ? changeFormToObject(fd) : undefined,
    confirmName: typeof confirmName === "string" ? confirmName : undefined,
    purge: fd.get("purge") ?? undefined,
  };
}

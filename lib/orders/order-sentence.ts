// An order in one sentence, for lists and the order page ("Qboxmail domain bücher.de
// (xn--bcher-kva.de) for ACME: up to 10 mailboxes, 2 GB per mailbox"). This module only picks the
// facts and message keys (the `orderSentence` namespace of messages/*.json); the page translates
// them, so the same facts read in every language. Client-safe: no database, no secrets (the
// payload never holds any).
import { SYNC_POLICY_DEFAULTS } from "@/lib/orders/schemas/sync-policy";

export type SentencePart = { key: string; values: Record<string, string | number> };
export type OrderSentence = { head: SentencePart; details: SentencePart[] };

export type SentenceInput = {
  kind: string;
  action: string;
  displayName: string;
  naturalKey: string;
  customerName: string;
  payload: Record<string, unknown>;
  /** Hostname of the server order a grommunio domain is placed on, when known. */
  serverHostname?: string | null;
  /** A Qboxmail manager's domains: code → the domain's name, for the codes the portal knows. */
  domainNames?: ReadonlyMap<string, string>;
};

/** How many of a manager's domains the sentence names; the rest are counted. */
const NAMED_DOMAINS = 3;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** The Unicode name with the ASCII (IDNA) form beside it when the two differ. */
function nameWithAscii(displayName: string, naturalKey: string): string {
  return naturalKey && naturalKey !== displayName.toLowerCase() ? `${displayName} (${naturalKey})` : displayName;
}

/** A limit: -1 reads "no limit", other numbers as they are. */
function limit(key: string, v: unknown): SentencePart | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n < 0 ? { key: `${key}Unlimited`, values: {} } : { key, values: { count: n } };
}

/** How many ActiveSync settings differ from grommunio's defaults. */
export function changedPolicyCount(policy: unknown): number {
  if (!policy || typeof policy !== "object") return 0;
  return Object.entries(policy as Record<string, unknown>).filter(
    ([k, v]) => k in SYNC_POLICY_DEFAULTS && JSON.stringify(v) !== JSON.stringify(SYNC_POLICY_DEFAULTS[k]),
  ).length;
}

function details(i: SentenceInput): Array<SentencePart | undefined> {
  const p = i.payload;
  switch (i.kind) {
    case "qboxmail_domain":
      return [
        str(p.plan) ? { key: "plan", values: { plan: str(p.plan)! } } : undefined,
        limit("mailboxes", p.max_email_accounts),
        num(p.max_email_quota) !== undefined ? { key: "quota", values: { bytes: num(p.max_email_quota)! } } : undefined,
      ];
    case "qboxmail_manager": {
      const codes = Array.isArray(p.domain_codes) ? p.domain_codes.filter((c) => typeof c === "string") : [];
      return [
        str(p.firstname) || str(p.lastname)
          ? { key: "person", values: { name: [str(p.firstname), str(p.lastname)].filter(Boolean).join(" ") } }
          : undefined,
        codes.length ? managerDomains(codes, i.domainNames) : undefined,
        limit("maxDomains", p.max_domains),
      ];
    }
    case "grommunio_domain": {
      const changed = changedPolicyCount(p.syncPolicy);
      return [
        limit("users", p.maxUser),
        i.serverHostname ? { key: "server", values: { host: i.serverHostname } } : undefined,
        changed ? { key: "policy", values: { count: changed } } : undefined,
      ];
    }
    case "grommunio_server":
      return [str(p.extname) ? { key: "extname", values: { host: str(p.extname)! } } : undefined];
    default:
      return [];
  }
}

/** A manager's domains by name (a code the portal does not know reads as the code), the rest counted. */
function managerDomains(codes: string[], names: ReadonlyMap<string, string> | undefined): SentencePart {
  if (!names) return { key: "domains", values: { count: codes.length } };
  const named = codes.slice(0, NAMED_DOMAINS).map((c) => names.get(c) ?? c);
  return {
    key: "domainNames",
    values: { count: codes.length, names: named.join(", "), more: codes.length - named.length },
  };
}

export function orderSentence(i: SentenceInput): OrderSentence {
  const name = nameWithAscii(i.displayName, i.naturalKey);
  const known = ["qboxmail_domain", "qboxmail_manager", "grommunio_domain", "grommunio_server"].includes(i.kind);
  const head: SentencePart = {
    key: i.action === "create" ? "create" : "change",
    values: { kind: known ? i.kind : "other", action: i.action, name, customer: i.customerName },
  };
  // A change order's payload holds what it sets, not the service's whole description.
  const parts = i.action === "create" ? details(i) : [];
  return { head, details: parts.filter((d): d is SentencePart => d !== undefined) };
}

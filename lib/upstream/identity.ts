// "Found and matching → adopt" (docs/reliability.md "Ownership"). After a lost answer, the lookup
// by natural key can also find a resource that someone else created under the same name in the
// meantime. Before it is adopted (by the worker, or by support's "mark resolved"), the fields
// that say what was ordered must agree with what the upstream reports; otherwise it is not ours
// and a person has to look. Passwords are never compared or quoted.

import { domainToASCII } from "node:url";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { differenceList, portalText } from "@/lib/i18n/portal-texts";

/**
 * One compared field. `sentDefault`: what the upstream applies when our request left the field
 * out (compared then too). `caseless`: names compared without regard to ASCII case. `always`: the
 * upstream must report the field (the natural key); other fields are compared when both sides
 * have a value, because an upstream may list fewer fields than it accepts. `domain`: a domain
 * name, compared in its ASCII (IDNA) form, since an upstream may list an IDN in its Unicode form
 * (docs/upstream/qboxmail.md §8).
 */
type Identity = {
  field: string;
  sentDefault?: string | number;
  caseless?: true;
  always?: true;
  domain?: true;
  /** Applied by the upstream after the resource is committed, in the same request: when only such a field differs, the resource is most likely ours, created in part. */
  afterCommit?: true;
  /**
   * Sent as another resource's ID and reported as that resource, `{ID, …}`, or null for none: the
   * IDs are compared, and a null reported is a value (none), not a field left out.
   */
  reference?: true;
  /**
   * A null the upstream reports is a value (none), not a field left out: a resource that says it
   * belongs to no customer is not the order's customer's (docs/reliability.md "Ownership"). A field
   * left out is still not compared: the record's fields are not documented one by one, and
   * requiring it would fail every lost-answer create against an upstream that does not echo it.
   */
  nullIsValue?: true;
};

/** Every field compared, per kind. docs/reliability.md lists the same table. */
export const IDENTITY_FIELDS: Record<OrderKind, readonly Identity[]> = {
  grommunio_server: [{ field: "hostname", caseless: true, always: true }, { field: "extname" }],
  grommunio_domain: [
    { field: "domainname", caseless: true, always: true, domain: true },
    // The server the domain lives on: servers are where resellers' domains are kept apart
    // (docs/security.md), so a same-named domain on another server is never the order's.
    { field: "homeserver", reference: true },
    { field: "maxUser" },
    { field: "orgID", sentDefault: 0 },
    { field: "title" },
    { field: "address" },
    { field: "adminName" },
    { field: "tel" },
    { field: "endDay" },
    // A soft-deleted domain (3) keeps its name taken: it is never the one we just created.
    { field: "domainStatus", sentDefault: 0 },
    // grommunio commits the domain before it turns chat on, and answers 500 when that fails (the
    // chat service down): such a domain is not what was ordered, and a person decides.
    { field: "chat", sentDefault: "false", afterCommit: true },
  ],
  qboxmail_domain: [
    { field: "name", caseless: true, always: true, domain: true },
    // How Qboxmail cases its answers is not documented (docs/upstream/qboxmail.md): "Basic" is basic.
    { field: "plan", sentDefault: "basic", caseless: true },
    // The customer a domain belongs to: another customer's domain of the same name is never ours,
    // and neither is one that says it belongs to none.
    { field: "customer_code", nullIsValue: true },
    { field: "outbound_limit_id" },
    { field: "company" },
    { field: "max_email_accounts" },
    { field: "max_email_quota" },
    { field: "default_quota" },
  ],
  qboxmail_manager: [
    { field: "email_address", caseless: true, always: true },
    { field: "firstname" },
    { field: "lastname" },
    { field: "company" },
    { field: "max_domains" },
  ],
};

// Not ordered: left out or empty. Not reported: the upstream's answer lacks the field (an empty
// value it reports is a value, and differs from a non-empty one we sent).
const notOrdered = (v: unknown) => v === undefined || v === null || v === "";
const notReported = (v: unknown) => v === undefined || v === null;
/** Lower-case ASCII form of a domain name (the name itself, lower-cased, when it has none). */
const asciiDomain = (v: unknown) => {
  const lower = String(v).toLowerCase();
  return domainToASCII(lower) || lower;
};

/**
 * Differences as "field: X upstream, Y ordered"; empty when the found resource matches. These
 * quote the found resource, which may be another customer's: for support's eyes only.
 */
export function mismatchesOf(kind: OrderKind, sent: Record<string, unknown>, found: unknown): string[] {
  return differingFields(kind, sent, found).map((d) => d.text);
}

/**
 * The same differences without the upstream's values ("field: Y ordered, a different value
 * upstream"), for texts the reseller reads: a resource under the same name that is not the
 * order's own belongs to someone else, possibly another reseller's customer on the same provider
 * account, and its company, address or phone number are not this reseller's to see. Support reads
 * the found resource itself in the attempt's response.
 */
export function mismatchedFieldsOf(kind: OrderKind, sent: Record<string, unknown>, found: unknown): string[] {
  return differingFields(kind, sent, found).map((d) => d.withheld);
}

/**
 * Whether the found resource differs only in fields the upstream applies after committing it
 * (grommunio's chat): then it is most likely the order's own, created in part, and a person
 * decides rather than the order failing as if the name were someone else's.
 */
export function differsOnlyAfterCommit(kind: OrderKind, sent: Record<string, unknown>, found: unknown): boolean {
  const diffs = differingFields(kind, sent, found);
  return diffs.length > 0 && diffs.every((d) => d.afterCommit);
}

function differingFields(
  kind: OrderKind,
  sent: Record<string, unknown>,
  found: unknown,
): { text: string; withheld: string; afterCommit: boolean }[] {
  if (!found || typeof found !== "object") {
    const text = portalText("noFieldsUpstream");
    return [{ text, withheld: text, afterCommit: false }];
  }
  const upstream = found as Record<string, unknown>;
  const out: { text: string; withheld: string; afterCommit: boolean }[] = [];
  for (const {
    field,
    sentDefault,
    caseless,
    always,
    domain,
    reference,
    nullIsValue,
    afterCommit = false,
  } of IDENTITY_FIELDS[kind]) {
    const theirs = reference ? referencedId(upstream[field]) : upstream[field];
    const ours = sent[field] ?? sentDefault;
    if (notOrdered(ours) || (reference && ours === 0)) continue;
    if (theirs === undefined || (notReported(theirs) && !reference && !nullIsValue)) {
      if (always) {
        const text = portalText("differenceMissing", { field, ours: JSON.stringify(ours) });
        out.push({ text, withheld: text, afterCommit });
      }
      continue;
    }
    const same = domain
      ? asciiDomain(theirs) === asciiDomain(ours)
      : caseless
        ? String(theirs).trim().toLowerCase() === String(ours).trim().toLowerCase()
        : String(theirs) === String(ours);
    if (!same)
      out.push({
        text: portalText("difference", { field, theirs: JSON.stringify(theirs), ours: JSON.stringify(ours) }),
        withheld: portalText("differenceWithheld", { field, ours: JSON.stringify(ours) }),
        afterCommit,
      });
  }
  return out;
}

/** The ID of a reported reference (`{ID, …}`), null for none, undefined when not reported. */
function referencedId(v: unknown): unknown {
  if (v && typeof v === "object") return (v as { ID?: unknown }).ID ?? undefined;
  return v;
}

/**
 * What an order asked for, in the form mismatchesOf compares: its stored payload (no secrets),
 * with the natural key as the key field (the form upstream stores: IDNA ASCII, lower case).
 */
export function identityOfPayload(kind: OrderKind, payload: unknown, naturalKey: string): Record<string, unknown> {
  const key = IDENTITY_FIELDS[kind].find((f) => f.always)!.field;
  return { ...(payload && typeof payload === "object" ? payload : {}), [key]: naturalKey };
}

export function notMatchingMessage(naturalKey: string, differences: string[]): string {
  return portalText("notMatching", { name: naturalKey, differences: differenceList(differences) });
}

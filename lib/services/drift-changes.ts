// What the drift check calls "changed" (docs/lifecycle.md "Drift"): a live service's resource that
// differs at its provider from what the portal expects. The expectation is the portal's last
// reading, unless a finding already records an older one: every read overwrites the reading (the
// sweep, a page view, an API client), so a change made in a provider's panel would otherwise
// become the expectation at the next read and its finding close as "cleared" while the difference
// stands. Hence the finding keeps the value it first expected until the provider shows that value
// again, support dismisses it, or a change through the portal sets a new one. Read by the drift
// run (./drift.ts) and by every reading of a service (./read-live.ts), which is where such a change
// is usually seen first.
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderKind, Provider } from "@/lib/generated/prisma/enums";
import { OPEN_STATUSES } from "@/lib/orders/vocabulary";
import { statusWord } from "@/lib/services/upstream-state";
import { STATUS_SETTLE_MAX_MS } from "./change-kinds";

/** A listed item or a reading's settings: the provider's fields. */
export type Item = Record<string, unknown>;

/**
 * Two columns of a select over the service table (`alias` names it): `changing`, whether a change
 * of the service through the portal is on its way (its reading then says nothing about the panel),
 * and `openChanged`, an open "changed" finding's details while no portal change came after it.
 */
export function changeColumns(alias: string): Prisma.Sql {
  const s = Prisma.raw(alias);
  return Prisma.sql`EXISTS (SELECT 1 FROM "order" c WHERE c.service_id = ${s}.id AND c.action <> 'create'
                       AND c.status = ANY(${[...OPEN_STATUSES]}::"OrderStatus"[])) AS changing,
             (SELECT f.details FROM drift_finding f
               WHERE f.kind = ${s}.kind AND f.upstream_ref = ${s}.upstream_ref AND f.type = 'changed'
                 AND f.resolved_at IS NULL AND ${s}.updated_at <= f.detected_at) AS "openChanged"`;
}

/** One stored difference ("maxUser: 20 upstream, 10 expected"): English, as the API and the audit read it. */
const differenceText = (field: string, upstream: unknown, expected: unknown) =>
  `${field}: ${JSON.stringify(upstream)} upstream, ${JSON.stringify(expected)} expected`;

/** A stored difference read back into its facts, for the drift page to word per language; else null. */
export function readDifference(text: string): { field: string; upstream: string; expected: string } | null {
  const m = /^(\w+): (.+) upstream, (.+) expected$/.exec(text);
  return m?.[1] && m[2] && m[3] ? { field: m[1], upstream: m[2], expected: m[3] } : null;
}

// Qboxmail statuses that are settled states. Any other is "in progress", never a difference by
// itself (docs/upstream/qboxmail-lifecycle.md: keep polling), such as the `updating` a domain
// shows while its own MX check or a status change runs. Compared as `statusWord` gives them (the
// docs never say how Qboxmail cases them): "Enabled" and "enabled" are one state, no difference.
const SETTLED_STATUS = new Set(["enabled", "disabled"]);

/** Differences between what the portal last read (or set) and what the provider shows now. */
export function changes(kind: OrderKind, upstreamState: string | null, known: Item, now: Item): string[] {
  const out: string[] = [];
  const cmp = (field: string, expected: unknown) => {
    if (expected === undefined || expected === null || now[field] === undefined) return;
    if (String(now[field]) !== String(expected)) out.push(differenceText(field, now[field], expected));
  };
  if (kind === "grommunio_domain") {
    // A live service's domain deleted at grommunio (kept at status 3) is a change made outside the
    // portal whatever the service's last reading says: once the sweep has read it, that reading
    // says "soft_deleted" too, and comparing against it would report nothing while the service
    // stays live and counts against the reseller's limit.
    if (Number(now.domainStatus) === 3)
      out.push(differenceText("domainStatus", now.domainStatus, upstreamState === "suspended" ? 1 : 0));
    else cmp("domainStatus", upstreamState === "suspended" ? 1 : upstreamState === "active" ? 0 : undefined);
    cmp("maxUser", known.maxUser);
  } else if (kind === "grommunio_server") cmp("extname", known.extname);
  else {
    const knownStatus = statusWord(known.status);
    const nowStatus = statusWord(now.status);
    if (SETTLED_STATUS.has(knownStatus) && SETTLED_STATUS.has(nowStatus) && knownStatus !== nowStatus)
      out.push(differenceText("status", now.status, known.status));
    if (kind === "qboxmail_domain") cmp("plan", known.plan);
  }
  return out;
}

/**
 * SQL over the service row `alias`: whether a suspend or resume of it may still be settling, within
 * STATUS_SETTLE_MAX_MS of its success (which stamps updated_at). A reading that does not show the
 * state asked for is not a difference meanwhile (./read-live.ts holds it back, the drift run
 * leaves it for later).
 */
export function askedStateSettling(alias: string): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(alias)}.updated_at > now() - ${`${STATUS_SETTLE_MAX_MS} milliseconds`}::interval`;
}

/** Which way a state leaves a service: on (active), off (suspended, disabled); undefined for any other. */
export function switchedSide(state: string | null | undefined): "on" | "off" | undefined {
  if (state === "active" || state === "active_mx_to_fix") return "on";
  if (state === "disabled" || state === "suspended") return "off";
  return undefined;
}

/**
 * The difference between the state a suspend or resume through the portal asked for and a
 * settled reading that shows the other one, in the field the drift check compares: Qboxmail's
 * `status` (`disabled` or `enabled` expected), grommunio's `domainStatus` (1 or 0). Undefined
 * when the reading shows the state asked for, or no settled state.
 */
function expectedStateDifference(
  kind: OrderKind,
  expectedState: string,
  readingState: string,
  now: Item,
): string | undefined {
  const expected = switchedSide(expectedState);
  const shown = switchedSide(readingState);
  if (!expected || !shown || expected === shown) return undefined;
  if (kind === "grommunio_domain") return differenceText("domainStatus", now.domainStatus, expected === "off" ? 1 : 0);
  if (kind === "qboxmail_domain" || kind === "qboxmail_manager")
    return differenceText("status", now.status, expected === "off" ? "disabled" : "enabled");
  return undefined;
}

/**
 * `compared` (a comparison with the last reading) with the difference from the state a suspend or
 * resume asked for, when the provider shows the other one, in place of its own in that field.
 */
export function withAskedState(
  compared: string[],
  kind: OrderKind,
  expectedState: string | null,
  readingState: string,
  now: Item,
): string[] {
  const asked = expectedState ? expectedStateDifference(kind, expectedState, readingState, now) : undefined;
  if (!asked) return compared;
  const field = readDifference(asked)?.field;
  return [...compared.filter((t) => readDifference(t)?.field !== field), asked];
}

/**
 * The differences of an open finding that the provider still shows, with what it shows now; the
 * fields it no longer differs in (set back, or not in `now`) are left out.
 */
export function stillDiffering(details: unknown, now: Item): string[] {
  const listed = (details as { differences?: unknown } | null)?.differences;
  if (!Array.isArray(listed)) return [];
  const out: string[] = [];
  for (const text of listed) {
    const d = typeof text === "string" ? readDifference(text) : null;
    if (!d || now[d.field] === undefined) continue;
    let expected: unknown;
    try {
      expected = JSON.parse(d.expected);
    } catch {
      continue;
    }
    const same =
      d.field === "status"
        ? statusWord(now[d.field]) === statusWord(expected)
        : String(now[d.field]) === String(expected);
    if (!same) out.push(differenceText(d.field, now[d.field], expected));
  }
  return out;
}

/** How many differences an open finding's details name. */
export function differingFields(details: unknown): number {
  const listed = (details as { differences?: unknown } | null)?.differences;
  return Array.isArray(listed) ? listed.length : 0;
}

/**
 * An open finding's differences the provider still shows (with their first expectations), then the
 * fresh comparison's differences in fields the finding does not name: for a field it names, its
 * expectation decides, so a provider set back to it is no difference, even though the reading
 * since holds the value it had in between.
 */
export function mergedDifferences(openDetails: unknown, now: Item, fresh: string[]): string[] {
  const kept = stillDiffering(openDetails, now);
  const listed = (openDetails as { differences?: unknown } | null)?.differences;
  const named = new Set(
    (Array.isArray(listed) ? listed : []).map((t) => (typeof t === "string" ? readDifference(t)?.field : undefined)),
  );
  return [...kept, ...fresh.filter((t) => !named.has(readDifference(t)?.field))];
}

/**
 * Records (or refreshes) a finding, unless the last finding of this resource and type was
 * dismissed by a person with the same details: a difference or an unowned resource support looked
 * at and accepted does not come back every run. Not for "missing": a live service whose resource
 * is gone is reported for as long as it lasts. For an unowned resource the last decision a person
 * made counts, not a finding closed as cleared since: a status that flickers for one run (a
 * Qboxmail domain "updating") opens and clears a finding of its own, and the dismissed status
 * would otherwise come back after it.
 */
export async function recordFinding(f: {
  provider: Provider;
  kind: OrderKind;
  type: "missing" | "changed" | "unowned";
  upstreamRef: string;
  naturalKey: string;
  serviceId?: string;
  resellerId?: string;
  details?: unknown;
}): Promise<void> {
  const details = JSON.stringify(f.details ?? null);
  await sqlRows(Prisma.sql`
    INSERT INTO drift_finding (id, provider, kind, upstream_ref, natural_key, type, service_id, reseller_id, details)
    SELECT gen_random_uuid(), ${f.provider}::"Provider", ${f.kind}::"OrderKind", ${f.upstreamRef}, ${f.naturalKey}, ${f.type},
           ${f.serviceId ?? null}::uuid, ${f.resellerId ?? null}::uuid, ${details}::jsonb
    WHERE NOT EXISTS (
      SELECT 1 FROM (SELECT resolution, details FROM drift_finding
                      WHERE kind = ${f.kind}::"OrderKind" AND upstream_ref = ${f.upstreamRef} AND type = ${f.type}
                        AND resolved_at IS NOT NULL AND (${f.type} <> 'unowned' OR resolution <> 'cleared')
                      ORDER BY resolved_at DESC LIMIT 1) last
      WHERE ${f.type} <> 'missing' AND last.resolution = 'dismissed' AND last.details IS NOT DISTINCT FROM ${details}::jsonb)
    ON CONFLICT (kind, upstream_ref, type) WHERE resolved_at IS NULL
    DO UPDATE SET last_seen_at = now(), details = EXCLUDED.details`);
}

// Reads a service's resource from its provider and stores what was seen on the service row
// (upstream_state, settings, read_at), so lists show the last reading and the service page the
// live one. A read never changes anything upstream.
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderKind, Provider } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { mapWithLimit } from "@/lib/map-with-limit";
import { upstreamClients } from "@/lib/upstream/clients";
import type { LookupResult } from "@/lib/upstream/result";
import {
  askedStateSettling,
  changeColumns,
  changes,
  mergedDifferences,
  recordFinding,
  switchedSide,
  withAskedState,
} from "./drift-changes";
import { pickSettings, stateOf, type UpstreamState } from "./upstream-state";

export type LiveReading =
  // `stored: false`: read, but not stored on the service row (held back while a suspend or resume
  // settles, or a newer reading or change got there first), so the row's read_at did not move.
  | { ok: true; state: UpstreamState; settings: Record<string, unknown>; readAt: Date; stored?: false }
  // `message`: a sentence for a form's answer (said(), translated at the form); `detail`: what the
  // upstream client reported (a portal text or the provider's words), for a page to show itself.
  | { ok: false; message: string; detail?: string };

type UpstreamReading = Exclude<LiveReading, { ok: true }> | Omit<Extract<LiveReading, { ok: true }>, "readAt">;

async function readUpstream(kind: OrderKind, ref: string, naturalKey: string): Promise<UpstreamReading> {
  const c = upstreamClients();
  let r: LookupResult<unknown>;
  if (kind === "grommunio_domain" || kind === "grommunio_server") {
    if (!c.grommunio) return { ok: false, message: said("grommunioNotConfigured") };
    r = kind === "grommunio_domain" ? await c.grommunio.getDomain(ref) : await c.grommunio.getServer(ref);
  } else {
    if (!c.qboxmail) return { ok: false, message: said("qboxmailNotConfigured") };
    // A manager's read by code is an assumed route: its 404 is "missing" only once the managers
    // list, asked by the manager's e-mail, no longer has it either (docs/upstream/qboxmail-lifecycle.md).
    r =
      kind === "qboxmail_domain"
        ? await c.qboxmail.getDomain(ref)
        : await c.qboxmail.readManagerConfirmingAbsence(ref, naturalKey);
  }
  if (r.kind === "absent") return { ok: true, state: "missing", settings: {} };
  if (r.kind !== "found")
    return { ok: false, message: said("couldNotReadProviderNow", { message: r.message }), detail: r.message };
  const data = r.data as Record<string, unknown>;
  return { ok: true, state: stateOf(kind, data), settings: pickSettings(kind, data) };
}

/**
 * A reading this recent stands in for a new one where a page or an API client may ask often: the
 * service page's own refresh interval. A client polling a service, or a person reloading a
 * customer's page, then costs the provider (whose rate limits the workers share) two reads a
 * minute per service, not one per request. The service page itself reads on every view, and a
 * change's If-Match is always checked against a fresh read (place-change.ts).
 */
export const FRESH_READING_MS = 30_000;

const isFreshReading = (readAt: Date | null, now = Date.now()): boolean =>
  readAt !== null && now - readAt.getTime() < FRESH_READING_MS;

/**
 * `naturalKey`: the resource's natural key, required for every kind so that no caller can leave
 * out a Qboxmail manager's e-mail, which its reading needs to tell it missing (readUpstream).
 */
type Readable = { id: string; kind: OrderKind; upstreamRef: string; naturalKey: string; readAt: Date | null };

// This process's reads in flight, and its reads that stored no read_at (failed, or not stored:
// held back while a suspend or resume settles), by service: without them a client polling a
// service while its provider answers 429 or 5xx, or while a disable is under way, or several
// asking at once, would each read the provider again.
const inFlight = new Map<string, Promise<LiveReading>>();
const unstoredAt = new Map<string, { at: number; reading: LiveReading }>();
const UNSTORED_KEPT = 10_000;

/**
 * A service's reading for a page or an API client: undefined when the last reading is fresh, or
 * when a read of it within FRESH_READING_MS failed (the last reading stands, with its read_at);
 * that read's reading when it was not stored (the row holds what a suspend or resume asked for,
 * not what the provider showed, so answering the row would flip a client between the two);
 * otherwise one read, shared by everyone in this process who asks while it runs.
 */
export function refreshUnlessRecent(s: Readable, now = Date.now()): Promise<LiveReading | undefined> {
  if (isFreshReading(s.readAt, now)) return Promise.resolve(undefined);
  const unstored = unstoredAt.get(s.id);
  if (unstored !== undefined && now - unstored.at < FRESH_READING_MS)
    return Promise.resolve(unstored.reading.ok ? unstored.reading : undefined);
  const running = inFlight.get(s.id);
  if (running) return running;
  const read = refreshService(s)
    .then((r) => {
      unstoredAt.delete(s.id);
      if (!r.ok || r.stored === false) {
        unstoredAt.set(s.id, { at: Date.now(), reading: r });
        if (unstoredAt.size > UNSTORED_KEPT) unstoredAt.delete(unstoredAt.keys().next().value as string);
      }
      return r;
    })
    .finally(() => inFlight.delete(s.id));
  inFlight.set(s.id, read);
  return read;
}

/** How many services a page reads from their providers at once. */
const PAGE_READS_AT_ONCE = 4;

/**
 * For a page listing services: each one not read within FRESH_READING_MS is read now, a few at a
 * time; a fresh one answers undefined (its last reading stands).
 */
export function refreshStale(services: readonly Readable[]): Promise<(LiveReading | undefined)[]> {
  const now = Date.now();
  return mapWithLimit(services, PAGE_READS_AT_ONCE, (s) => refreshUnlessRecent(s, now));
}

/** Reads and records; returns the reading. Only live (active) services are written. */
export async function refreshService(service: {
  id: string;
  kind: OrderKind;
  upstreamRef: string;
  /** The resource's natural key, as Readable says. */
  naturalKey: string;
}): Promise<LiveReading> {
  // The database's clock, as the change's updated_at it is compared with below: a web or worker
  // host whose clock runs ahead would otherwise write a reading over a change made while it read.
  const [{ now: readFrom }] = (await sqlRows<{ now: Date }>(Prisma.sql`SELECT now() AS now`)) as [{ now: Date }];
  // The same start by this host's clock, the one read_at is written by (the answer's time, below).
  const startedAt = new Date();
  const upstream = await readUpstream(service.kind, service.upstreamRef, service.naturalKey);
  // The time the answer came, as stored in read_at and answered by the API with the reading.
  const reading: LiveReading = upstream.ok ? { ...upstream, readAt: new Date() } : upstream;
  // Plain pg: the worker's service sweep calls this for every stale service, and the ORM's query
  // compiler would otherwise stay loaded in the worker for good (docs/benchmarks/worker.md "Idle memory").
  // Settled (activated, disabled, gone…): no more automatic ownership re-checks. A state the
  // portal does not know (in_progress) may still lead to the ownership check, as a new domain's
  // transitional status does, so it keeps the schedule, as checkOwnership does.
  // A change that succeeded while the provider was being read (lib/orders/service-effects.ts
  // stamps updated_at) recorded something newer than this reading: the reading is not written
  // over it, and the sweep reads the service again on a coming pass.
  // Nor is a reading stored since this one began: a page's read that started later may have
  // answered first (a slow sweep read, a panel change between the two), and this older one would
  // put the value from before back and the drift check below would call that a change at the
  // provider. Only a reading that answered before this one began is replaced; of two that
  // overlapped, the one stored first stays. read_at is the answering host's clock (the API answers
  // it, lib/services/drift.ts compares it with that clock), so it is compared with this host's
  // clock at the start, not with readFrom: exact when one host made both readings, off by the
  // hosts' drift otherwise.
  const settled = reading.ok && reading.state !== "ownership_check" && reading.state !== "in_progress";
  if (!reading.ok) return reading;
  // The reading it replaces comes back with it: a difference in what the drift check compares,
  // with no change through the portal since that reading (read_at cleared) or on its way, was made
  // at the provider, and is recorded as a finding now, before this reading becomes what the next
  // comparison expects (./drift-changes.ts).
  //
  // A suspend or resume through the portal left the state it asked for to be confirmed
  // (expected_state; a Qboxmail disable is applied after its 2xx). A reading that does not show it
  // yet, the other state or one in progress, within STATUS_SETTLE_MAX_MS of the change's success,
  // is not stored: the service stays unread, so neither the drift run nor the next reading takes
  // the state from before for the expectation, and a later reading decides. Past that time a
  // reading that shows the other state records a finding; a settled reading clears the
  // expectation, unless a change of the service is on its way (its success sets a new one).
  const side = switchedSide(reading.state) ?? (reading.state === "in_progress" ? "unsettled" : null);
  const [before] = await sqlRows<Replaced>(Prisma.sql`
    UPDATE service s SET upstream_state = ${reading.state}::text, settings = ${JSON.stringify(reading.settings)}::jsonb,
           read_at = ${reading.readAt.toISOString()}::timestamptz,
           read_tried_at = greatest(s.read_tried_at, ${reading.readAt.toISOString()}::timestamptz),
           next_check_at = CASE WHEN ${settled}::boolean THEN NULL ELSE s.next_check_at END,
           expected_state = CASE WHEN old.changing OR ${side}::text IS DISTINCT FROM 'on' AND ${side}::text IS DISTINCT FROM 'off'
                                 THEN s.expected_state END
    FROM (SELECT id, upstream_state, settings, read_at, expected_state, updated_at, ${changeColumns("service")}
          FROM service WHERE id = ${service.id}::uuid FOR UPDATE) old
    WHERE s.id = old.id AND s.status = 'active' AND s.updated_at <= ${readFrom.toISOString()}::timestamptz
      AND (s.read_at IS NULL OR s.read_at <= ${startedAt.toISOString()}::timestamptz)
      AND NOT (old.expected_state IS NOT NULL AND NOT old.changing AND ${side}::text IS NOT NULL
               AND ${side}::text <> CASE WHEN old.expected_state IN ('disabled', 'suspended') THEN 'off' ELSE 'on' END
               AND ${askedStateSettling("old")})
    RETURNING s.provider::text AS provider, s.reseller_id AS "resellerId", s.natural_key AS "naturalKey",
              old.upstream_state AS "upstreamState", old.settings, old.read_at IS NOT NULL AS "wasRead",
              old.expected_state AS "expectedState", old.changing, old."openChanged"`);
  if (before && !before.changing) {
    const known = (before.settings ?? {}) as Record<string, unknown>;
    const compared = before.wasRead ? changes(service.kind, before.upstreamState, known, reading.settings) : [];
    // The state asked for, not shown past the settling time, is a difference too.
    const fresh = withAskedState(compared, service.kind, before.expectedState, reading.state, reading.settings);
    // Joined with an open finding as the drift run joins them: its fields keep what they first
    // expected, a field it does not name is added. Whether it is over is the run's to say.
    const differences = fresh.length > 0 ? mergedDifferences(before.openChanged, reading.settings, fresh) : [];
    if (differences.length > 0)
      await recordFinding({
        provider: before.provider,
        kind: service.kind,
        type: "changed",
        upstreamRef: service.upstreamRef,
        naturalKey: before.naturalKey,
        serviceId: service.id,
        resellerId: before.resellerId,
        details: { differences },
      });
  }
  return before ? reading : { ...reading, stored: false };
}

/** What a reading replaced, and whether a change of the service was on its way then. */
type Replaced = {
  provider: Provider;
  resellerId: string;
  naturalKey: string;
  upstreamState: string | null;
  settings: unknown;
  wasRead: boolean;
  /** The state a suspend or resume through the portal asked for, not yet confirmed by a reading. */
  expectedState: string | null;
  changing: boolean;
  /** An open "changed" finding's details, while no change through the portal came after it. */
  openChanged: unknown;
};

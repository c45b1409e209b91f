// The drift check (docs/lifecycle.md): compares each provider's inventory with the portal's
// services and records what differs, for support to act on. It changes nothing upstream or in
// services. Lists are read page by page with a pause between pages (bounded rate,
// ./drift-inventory.ts); a list that fails, or cannot be read to its end, is never taken to mean
// "everything is missing": that kind is skipped for this run.
import { domainToASCII } from "node:url";
import { lockOn } from "@/lib/advisory-lock";
import { Prisma, sqlRows, sqlTransaction } from "@/lib/db";
import type { OrderKind, Provider } from "@/lib/generated/prisma/enums";
import { portalText, storedText } from "@/lib/i18n/portal-texts";
import { OPEN_STATUSES } from "@/lib/orders/vocabulary";
import {
  askedStateSettling,
  changeColumns,
  changes,
  differingFields,
  mergedDifferences,
  recordFinding,
  stillDiffering,
  withAskedState,
} from "./drift-changes";
import { confirmMissing } from "./drift-confirm";
import { type Item, inventory } from "./drift-inventory";
import { stateOf } from "./upstream-state";

export type DriftOptions = {
  perPage?: number;
  /** Stop after this many pages per list (a runaway list or a bug). */
  maxPages?: number;
  /** Pause between two page requests, so the check never crowds the provider. */
  pauseMs?: number;
  /** No new run while one started less than this long ago (several workers share the schedule). */
  minIntervalMs?: number;
  /** How often the run writes its sign of life (20 s; shorter in tests). */
  heartbeatMs?: number;
};

type KnownService = {
  id: string;
  resellerId: string;
  upstreamRef: string;
  naturalKey: string;
  status: string;
  upstreamState: string | null;
  settings: unknown;
  createdAt: Date;
  /** A change, suspension or deletion of it is open. */
  changing: boolean;
  /** Not read since a change of it succeeded: `settings` hold the values from before it. */
  unread: boolean;
  /** Read after this kind's lists were asked for: the reading is newer than the listed item. */
  readWhileListed: boolean;
  /** An open "changed" finding's details, while no change through the portal came after it. */
  openChanged: unknown;
  /**
   * The state a suspend or resume through the portal asked for, not yet confirmed by a reading;
   * null while it may still be settling (./drift-changes.ts askedStateSettling).
   */
  expectedState: string | null;
};

const KINDS: { kind: OrderKind; provider: Provider }[] = [
  { kind: "grommunio_server", provider: "grommunio" },
  { kind: "grommunio_domain", provider: "grommunio" },
  { kind: "qboxmail_domain", provider: "qboxmail" },
  { kind: "qboxmail_manager", provider: "qboxmail" },
];
/**
 * A listed item's name as the portal keys its orders: lower case, and a domain's in its ASCII
 * (IDNA) form, since Qboxmail may list an IDN the portal sent as `xn--…` in its Unicode form
 * (docs/upstream/qboxmail.md §8; lib/upstream/identity.ts compares so too).
 */
function listedKey(kind: OrderKind, item: Item, ref: string): string {
  const lower = String(item.domainname ?? item.name ?? item.hostname ?? item.email_address ?? ref).toLowerCase();
  if (kind !== "qboxmail_domain" && kind !== "grommunio_domain") return lower;
  return domainToASCII(lower) || lower;
}

/** How often a run writes its sign of life, and after how long without one it counts as stopped. */
const HEARTBEAT_MS = 20_000;
const STOPPED_AFTER = "2 minutes";

// A run still going on: its sign of life is fresh, or, written by a worker from before the sign of
// life existed (during a rolling deploy), it started within the hour that rule allowed.
const ALIVE = Prisma.sql`finished_at IS NULL AND (heartbeat_at > now() - ${STOPPED_AFTER}::interval
  OR (heartbeat_at IS NULL AND started_at > now() - interval '1 hour'))`;

export async function runDriftCheck(
  opts: DriftOptions = {},
): Promise<{ ran: boolean; scanned: number; found: number }> {
  const o = { perPage: 100, maxPages: 200, pauseMs: 200, minIntervalMs: 0, heartbeatMs: HEARTBEAT_MS, ...opts };
  const runId = crypto.randomUUID();
  // Plain pg throughout: the claim is tried every minute, and a run that goes ahead (at a worker's
  // first minute on a fresh database, then once per interval) would otherwise load the ORM's query
  // compiler into the worker for good, 60 MB of RSS (docs/benchmarks/worker.md "Idle memory").
  const claimed = await sqlTransaction(async (sql) => {
    await sql(lockOn("drift-run"));
    // A run that stopped writing its sign of life stopped with its worker: closed as such, so it
    // holds back no run and the health page stops calling it running.
    await sql(Prisma.sql`UPDATE drift_run SET finished_at = now(),
             message = ${portalText("driftWorkerEnded")}
      WHERE finished_at IS NULL AND (${ALIVE}) IS NOT TRUE`);
    return sql(Prisma.sql`INSERT INTO drift_run (id, started_at, heartbeat_at) SELECT ${runId}::uuid, now(), now()
      WHERE NOT EXISTS (SELECT 1 FROM drift_run WHERE started_at > now() - ${`${o.minIntervalMs} milliseconds`}::interval)
        -- Nor beside one still going on (a slow provider can make a run outlast the interval).
        AND NOT EXISTS (SELECT 1 FROM drift_run WHERE ${ALIVE})
      RETURNING started_at`);
  });
  if (claimed.length !== 1) return { ran: false, scanned: 0, found: 0 };
  // The database's clock, as the findings' last_seen_at it is compared with below.
  const started = (claimed[0] as { started_at: Date }).started_at;
  let scanned = 0;
  let found = 0;
  const problems: string[] = [];
  // Another claim closed this run (its sign of life went unwritten too long: the database was out
  // of reach, the process stalled): it stops at the next kind rather than run beside the next one.
  let closedElsewhere = false;
  // Whether it stopped for that before its last kind (a run that noticed only during its last kind
  // still went through all of them).
  let stoppedEarly = false;
  const heartbeat = setInterval(() => {
    sqlRows(Prisma.sql`UPDATE drift_run SET heartbeat_at = now() WHERE id = ${runId}::uuid AND finished_at IS NULL
      RETURNING 1`)
      .then((rows) => {
        if (rows.length === 0) closedElsewhere = true;
      })
      .catch(() => undefined);
  }, o.heartbeatMs);
  heartbeat.unref();
  try {
    await checkKinds();
  } finally {
    clearInterval(heartbeat);
    // Finished even when a kind's check threw, so the row tells a run that ended from one that
    // stopped with its worker. A run another claim closed meanwhile keeps that end and its words,
    // and gets its own counts and problems beside them: what it did check is on record too.
    await sqlRows(Prisma.sql`
      UPDATE drift_run SET finished_at = coalesce(finished_at, now()), scanned = ${scanned}::int, found = ${found}::int,
             message = nullif(concat_ws(E'\n', message,
               -- Closed elsewhere while it went on unawares (its sign of life late, not its worker gone).
               CASE WHEN finished_at IS NOT NULL AND NOT ${stoppedEarly}::boolean
                    THEN ${portalText("driftWentOn")}::text END,
               ${problems.length ? shownProblems(problems) : null}::text), '')
      WHERE id = ${runId}::uuid`);
  }
  return { ran: true, scanned, found };

  async function checkKinds() {
    for (const { kind, provider } of KINDS) {
      if (closedElsewhere) {
        problems.push(portalText("driftTakenOver"));
        stoppedEarly = true;
        break;
      }
      // A service that came into being while the lists were read may be missing from them.
      const listedFrom = new Date();
      const inv = await inventory(kind, o);
      if (!inv.ok) {
        problems.push(portalText("driftKindUnlisted", { kind, error: inv.message }));
        continue;
      }
      // Before the services: a create that succeeds between the two reads is then in one of them,
      // not reported as an unowned resource.
      const inFlight = new Set(
        (
          await sqlRows<{ natural_key: string }>(Prisma.sql`
          SELECT natural_key FROM "order" WHERE kind = ${kind}::"OrderKind" AND action = 'create'
            AND status = ANY(${[...OPEN_STATUSES]}::"OrderStatus"[])`)
        ).map((r) => r.natural_key.toLowerCase()),
      );
      const services = await sqlRows<KnownService>(Prisma.sql`
      SELECT id, reseller_id AS "resellerId", upstream_ref AS "upstreamRef", natural_key AS "naturalKey", status,
             upstream_state AS "upstreamState", settings, created_at AS "createdAt", read_at IS NULL AS "unread",
             read_at >= ${listedFrom.toISOString()}::timestamptz AS "readWhileListed",
             CASE WHEN NOT ${askedStateSettling("service")} THEN expected_state END AS "expectedState",
             ${changeColumns("service")}
      FROM service WHERE kind = ${kind}::"OrderKind"`);
      const live = new Map(services.filter((s) => s.status === "active").map((s) => [s.upstreamRef, s]));
      // A 404 for the whole list is an empty list only when the portal knows of nothing there: with
      // live services it may as well be a list route the provider lacks, and reading it as empty
      // would call every one of them missing.
      if (inv.notFound && live.size > 0) {
        problems.push(portalText("driftList404", { kind, count: live.size }));
        continue;
      }
      scanned += inv.items.size;
      const endedServices = new Map(services.filter((s) => s.status !== "active").map((s) => [s.upstreamRef, s]));
      const ended = new Set(endedServices.keys());
      // A server an admin shared with resellers is the provider's own, known to the portal without
      // an order (docs/security.md "Upstream identifiers"): not an unowned resource.
      if (kind === "grommunio_server")
        for (const { server_id } of await sqlRows<{ server_id: number }>(
          Prisma.sql`SELECT server_id FROM shared_grommunio_server`,
        ))
          ended.add(String(server_id));
      const record = async (
        type: "missing" | "changed" | "unowned",
        ref: string,
        naturalKey: string,
        extra: { serviceId?: string; resellerId?: string; details?: unknown },
      ) => {
        found++;
        await recordFinding({ provider, kind, type, upstreamRef: ref, naturalKey, ...extra });
      };
      for (const s of live.values()) {
        // A change, suspension or deletion on its way (a queued Qboxmail deletion, a grommunio
        // domain being suspended) is compared once it has ended, against what it did.
        // Its open findings are seen, not over: closed as cleared meanwhile, a "changed" one would
        // lose the value it expected (the reading since holds the panel's value) and a "missing"
        // one would leave the console while support is told to wait for the order.
        if (s.changing) {
          await sqlRows(Prisma.sql`UPDATE drift_finding SET last_seen_at = now()
          WHERE resolved_at IS NULL AND kind = ${kind}::"OrderKind" AND upstream_ref = ${s.upstreamRef}
            AND type IN ('missing', 'changed')`);
          continue;
        }
        const item = inv.items.get(s.upstreamRef);
        if (!item) {
          if (s.createdAt >= listedFrom) continue;
          // Missing from the lists: confirmed by reading it, or left for the next run.
          const confirmed = await confirmMissing(kind, s.upstreamRef, s.naturalKey);
          if (confirmed.missing)
            await record("missing", s.upstreamRef, s.naturalKey, { serviceId: s.id, resellerId: s.resellerId });
          else {
            // Seen, so not missing: leave an open finding of it open rather than clear it as over.
            await sqlRows(Prisma.sql`UPDATE drift_finding SET last_seen_at = now()
            WHERE resolved_at IS NULL AND kind = ${kind}::"OrderKind" AND upstream_ref = ${s.upstreamRef} AND type = 'missing'
              AND ${confirmed.unreadable}::boolean`);
            if (confirmed.unreadable)
              problems.push(
                portalText("driftServiceUnread", {
                  kind,
                  ref: s.upstreamRef,
                  error: confirmed.detail ?? confirmed.message,
                }),
              );
          }
          continue;
        }
        // A reading stored after the lists were asked for is newer than the listed item: a difference
        // is the provider moving on meanwhile, which the portal has already seen, not drift. Not
        // compared, so an open finding of it is left open (seen), not cleared as over, until a run
        // can compare again.
        if (s.readWhileListed) {
          await sqlRows(Prisma.sql`UPDATE drift_finding SET last_seen_at = now()
          WHERE resolved_at IS NULL AND kind = ${kind}::"OrderKind" AND upstream_ref = ${s.upstreamRef} AND type = 'changed'`);
          continue;
        }
        // A change the portal made is recorded as asked, not read (docs/lifecycle.md "Changes are orders"): until
        // the sweep reads the service again its settings are those from before, and comparing them
        // would call the portal's own change one made outside it. Compared once read. An open
        // finding keeps what it first expected while the provider still differs from it
        // (./drift-changes.ts), whatever the readings since.
        // A state a suspend or resume asked for and a reading has not shown yet (a reading stored
        // while another change was on its way, or one still in progress after the settling time:
        // ./read-live.ts) is compared too, in place of the last reading's status.
        const compared = s.unread ? [] : changes(kind, s.upstreamState, (s.settings ?? {}) as Item, item);
        const fresh = s.unread ? [] : withAskedState(compared, kind, s.expectedState, stateOf(kind, item), item);
        const diff = mergedDifferences(s.openChanged, item, fresh);
        if (diff.length)
          await record("changed", s.upstreamRef, s.naturalKey, {
            serviceId: s.id,
            resellerId: s.resellerId,
            details: { differences: diff },
          });
        // A field set back at the provider to what the finding expected: the reading still holds
        // the value in between, and compared with it the return would look like a change of its
        // own. The service counts as unread until its next reading, which becomes the expectation.
        if (differingFields(s.openChanged) > stillDiffering(s.openChanged, item).length)
          await sqlRows(Prisma.sql`UPDATE service SET read_at = NULL
            WHERE id = ${s.id}::uuid AND read_at < ${listedFrom.toISOString()}::timestamptz`);
      }
      for (const [ref, item] of inv.items) {
        if (live.has(ref)) continue;
        const name = listedKey(kind, item, ref);
        const status = item.domainStatus ?? item.status ?? null;
        // A grommunio domain the portal deleted (soft: kept, status 3) that reads another status
        // again was restored by an administrator: live, delivering mail, and no one's in the
        // portal. It is shown as unowned, naming the ended service, so support can adopt it.
        const restored =
          kind === "grommunio_domain" && ended.has(ref) && status != null && Number(status) !== 3
            ? endedServices.get(ref)
            : undefined;
        if (restored) {
          await record("unowned", ref, name, { details: { status, restoredAfterService: restored.id } });
          continue;
        }
        // Ours and ended (a soft-deleted grommunio domain, a queued Qboxmail deletion), or an order on its way.
        if (ended.has(ref) || inFlight.has(name)) continue;
        // Deleted at grommunio (kept at status 3): delivers no mail, and support could not adopt it.
        if (kind === "grommunio_domain" && status != null && Number(status) === 3) continue;
        await record("unowned", ref, name, { details: { status } });
      }
      // Findings of this kind not seen in this complete run are over.
      await sqlRows(Prisma.sql`UPDATE drift_finding SET resolved_at = now(), resolution = 'cleared'
      WHERE resolved_at IS NULL AND kind = ${kind}::"OrderKind" AND last_seen_at < ${started.toISOString()}::timestamptz`);
    }
  }
}

/** Problems a run shows at most; past them, one line says how many more. */
const SHOWN_PROBLEMS = 10;

/**
 * A run's problems as its message keeps them: one per line, each a portal text the drift page words
 * in the viewer's language (and cut as an order's texts are, its own words kept), at most
 * SHOWN_PROBLEMS of them and then how many more (one per service that could not be read can be many).
 */
function shownProblems(problems: string[]): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map(storedText);
  if (problems.length > SHOWN_PROBLEMS)
    shown.push(portalText("driftMoreProblems", { count: problems.length - SHOWN_PROBLEMS }));
  return shown.join("\n");
}

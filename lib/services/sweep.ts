// The worker's service sweep (docs/lifecycle.md), bounded per run so it never floods a provider:
// - Qboxmail domains waiting for DNS whose next automatic ownership check is due get one
//   (check, then read back), with growing gaps between checks until the domain is active; never
//   one whose delete is open: Qboxmail may show a queued deletion under a status word it does not
//   document, which reads as still waiting (docs/upstream/qboxmail-lifecycle.md);
// - services not read for a while are read again, so lists show a recent upstream state.
// Rows are claimed with FOR UPDATE SKIP LOCKED and pushed forward before the calls, so several
// workers never check the same service at once.
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { checkOwnership } from "./activation";
import { refreshService } from "./read-live";

const SWEEP_BATCH = 10;
const STALE_AFTER_MS = 15 * 60_000;
const CLAIM_FOR = "5 minutes";

type Claimed = {
  id: string;
  reseller_id: string;
  kind: OrderKind;
  upstream_ref: string;
  natural_key: string;
  check_count: number;
};

export async function sweepServicesOnce(workerId: string): Promise<{ checked: number; refreshed: number }> {
  // Plain pg: the worker's idle loops never load the ORM's query compiler (docs/benchmarks.md).
  const due = await sqlRows<Claimed>(Prisma.sql`
    UPDATE service s SET next_check_at = now() + ${CLAIM_FOR}::interval
    WHERE s.id IN (SELECT id FROM service v WHERE status = 'active' AND kind = 'qboxmail_domain'
                   AND next_check_at <= now()
                   AND NOT EXISTS (SELECT 1 FROM "order" o WHERE o.service_id = v.id AND o.action = 'delete'
                                   AND o.status NOT IN ('succeeded', 'failed', 'cancelled'))
                   ORDER BY next_check_at LIMIT ${SWEEP_BATCH}::int FOR UPDATE SKIP LOCKED)
    RETURNING s.id, s.reseller_id, s.kind, s.upstream_ref, s.natural_key, s.check_count`);
  for (const s of due)
    await checkOwnership(
      {
        id: s.id,
        resellerId: s.reseller_id,
        upstreamRef: s.upstream_ref,
        naturalKey: s.natural_key,
        checkCount: s.check_count,
      },
      { type: "worker", id: workerId, label: "activation re-check" },
    );
  const stale = await sqlRows<Claimed>(claimStaleServices());
  for (const s of stale)
    await refreshService({ id: s.id, kind: s.kind, upstreamRef: s.upstream_ref, naturalKey: s.natural_key });
  return { checked: due.length, refreshed: stale.length };
}

/**
 * Claims the batch of active services tried (or, if never tried since, read) longest ago,
 * never-read ones first, by stamping read_tried_at (not read_at: a read that then fails must not
 * look like a reading, and the drift check must still see a service unread since its change as
 * unread). A failed read is tried again only after STALE_AFTER_MS, so services a provider cannot
 * answer for do not fill every batch. It walks the partial index on coalesce(read_tried_at,
 * read_at) (migration 20261206160001_service_sweep_tried_index): without it every pass sorted all
 * active services, since the sort sits below the row locks and cannot stop early.
 */
export function claimStaleServices(): Prisma.Sql {
  return Prisma.sql`
    UPDATE service s SET read_tried_at = now()
    WHERE s.id IN (SELECT id FROM service WHERE status = 'active'
                   AND (coalesce(read_tried_at, read_at) IS NULL
                        OR coalesce(read_tried_at, read_at) < now() - ${`${STALE_AFTER_MS} milliseconds`}::interval)
                   ORDER BY coalesce(read_tried_at, read_at) NULLS FIRST LIMIT ${SWEEP_BATCH}::int FOR UPDATE SKIP LOCKED)
    RETURNING s.id, s.reseller_id, s.kind, s.upstream_ref, s.natural_key, s.check_count`;
}

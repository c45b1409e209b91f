-- The sweep's walk (lib/services/sweep.ts claimStaleServices): the active services by the time
-- they were last tried, or read when never tried since (a reading stored by a page moves both;
-- a change's success clears both), never-read ones first. The reasons for an ordered walk at all
-- are those of migration 20261203000000_service_sweep_stale, whose index on read_at this one
-- replaces; migration 20261206160002_service_sweep_stale_drop drops that one once this is built.
--
-- CONCURRENTLY, and the only statement of the file: every order's success writes service rows
-- (lib/orders/service-effects.ts) and a plain build would hold those writes off for the whole
-- scan. scripts/migrate.mjs sends a file as one query, which Postgres runs as one transaction;
-- CONCURRENTLY refuses a transaction block, so it must be alone (docs/operations.md "Migrations
-- that build an index concurrently": a failed build leaves an INVALID index, and how to retry).
-- Hand-written: Prisma's schema cannot express a partial expression index.
CREATE INDEX CONCURRENTLY "service_sweep_tried" ON service ((coalesce(read_tried_at, read_at)) NULLS FIRST)
  WHERE status = 'active';

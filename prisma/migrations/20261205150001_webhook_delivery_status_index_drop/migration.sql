-- The dispatcher's claim walks webhook_delivery_due (migration 20261205150000_webhook_delivery_due)
-- since that was built: (status, next_attempt_at) only costs every delivery's writes now.
-- CONCURRENTLY, and alone in its file like the build before it: a plain DROP INDEX takes an ACCESS
-- EXCLUSIVE lock on webhook_delivery, which every order's status change writes (docs/operations.md
-- "Migrations that build an index concurrently"). IF EXISTS: a database that ran the first
-- version of 20261205150000 dropped it there already.
DROP INDEX CONCURRENTLY IF EXISTS "webhook_delivery_status_next_attempt_at_idx";

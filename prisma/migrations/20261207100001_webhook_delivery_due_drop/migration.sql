-- The dispatcher's claim walks webhook_delivery_endpoint_due (migration
-- 20261207100000_webhook_delivery_endpoint_due) since that was built: webhook_delivery_due only
-- costs every delivery's writes now. CONCURRENTLY, and alone in its file like the build before it
-- (docs/operations.md "Migrations that build an index concurrently"); IF EXISTS, so a failed run
-- finishes when resolved and deployed again.
DROP INDEX CONCURRENTLY IF EXISTS "webhook_delivery_due";

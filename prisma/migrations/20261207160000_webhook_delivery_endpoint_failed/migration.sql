-- An endpoint's page lists its failed deliveries newest first, a page at a time, and counts them
-- (lib/webhooks/endpoints.ts listDeliveries, countFailedDeliveries): the ones a reseller resends
-- (docs/webhooks.md "Delivery"). On a busy endpoint they are few among many delivered, and a walk
-- of (endpoint_id, created_at, id) filtering on status would read past every delivered row to
-- find them; this index holds only the failed rows, in the list's order.
--
-- CONCURRENTLY, and the only statement of the file: every order step writes webhook_delivery in
-- the same statement (lib/webhooks/outbox-sql.ts), and a plain build would hold those writes off
-- for the whole scan (docs/operations.md "Migrations that build an index concurrently").
-- Hand-written: this schema declares no partial index (Prisma has them only as a preview feature,
-- not turned on here), and no generated migration builds one concurrently.
CREATE INDEX CONCURRENTLY "webhook_delivery_endpoint_failed"
  ON "webhook_delivery" ("endpoint_id", "created_at" DESC, "id" DESC)
  WHERE "status" = 'failed';

-- One order's webhook deliveries, newest first, for support's order page (lib/support/order-detail.ts):
-- without it that read walks every delivery of the installation. Only deliveries of order events
-- (an endpoint's test has no order) are indexed.
--
-- CONCURRENTLY, and the only statement of the file: every order step writes its deliveries in the
-- same statement (lib/webhooks/outbox-sql.ts), and a plain build would hold those writes off for
-- the whole scan; scripts/migrate.mjs sends a file as one transaction, which CONCURRENTLY refuses
-- (docs/operations.md "Migrations that build an index concurrently"). Hand-written: Prisma's schema
-- cannot express a partial index.
CREATE INDEX CONCURRENTLY "webhook_delivery_order" ON webhook_delivery (order_id, created_at DESC, id DESC)
  WHERE order_id IS NOT NULL;

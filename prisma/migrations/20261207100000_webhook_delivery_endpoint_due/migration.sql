-- The webhook dispatcher's claim (lib/webhooks/deliver.ts claimDueDeliveries) takes each enabled
-- endpoint's due deliveries in turn, oldest first within an endpoint: one endpoint's backlog no
-- longer fills every claim ahead of other resellers' deliveries (docs/webhooks.md "Delivery").
-- Each endpoint's due rows are one walk of this index. Only pending rows are indexed, as in the
-- index it replaces (webhook_delivery_due, dropped by 20261207100001_webhook_delivery_due_drop).
--
-- CONCURRENTLY, and the only statement of the file: every order step writes webhook_delivery in
-- the same statement (lib/webhooks/outbox-sql.ts), and a plain build would hold those writes off
-- for the whole scan (docs/operations.md "Migrations that build an index concurrently").
-- Hand-written: Prisma's schema cannot express a partial index.
CREATE INDEX CONCURRENTLY "webhook_delivery_endpoint_due"
  ON "webhook_delivery" ("endpoint_id", "next_attempt_at", "created_at", "id")
  WHERE "status" = 'pending';

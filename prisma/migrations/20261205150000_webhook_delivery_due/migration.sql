-- The webhook dispatcher's claim (lib/webhooks/deliver.ts claimDueDeliveries) takes due
-- deliveries in the order (next_attempt_at, created_at, id): a re-enabled endpoint's waiting rows
-- share one next_attempt_at and go out oldest first (docs/webhooks.md "Failing endpoints"). Only
-- pending rows are ever claimed, so only they are indexed: a delivery leaves the index once it
-- succeeds or fails for good, and the index stays the size of the backlog, not of the history.
-- It replaces (status, next_attempt_at), which held every delivery ever written.
-- Hand-written: Prisma's schema cannot express a partial index.
DROP INDEX IF EXISTS "webhook_delivery_status_next_attempt_at_idx";
CREATE INDEX "webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at", "created_at", "id")
  WHERE "status" = 'pending';

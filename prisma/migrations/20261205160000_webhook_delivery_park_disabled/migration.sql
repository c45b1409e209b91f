-- Parks the pending deliveries of endpoints that were disabled before the disable itself parked
-- them (docs/webhooks.md "Failing endpoints"): since then a disable sets next_attempt_at to
-- 'infinity' on every pending delivery of the endpoint, and the outbox writes a disabled endpoint's
-- rows that way, so the dispatcher's claim, which walks webhook_delivery_due up to now(), ends
-- before them. Rows written by an older version stayed due, and every claim walked past them
-- until the endpoint was enabled. Enabling makes parked rows due again, oldest first, as before.
--
-- The endpoints are locked FOR UPDATE first, as the disable and the enable lock them: an order
-- step that is writing one of their events (the outbox reads the endpoint FOR KEY SHARE) is
-- waited for, and an enable waits for this, so no row is parked behind an enable. Rows already
-- parked are left alone. About 20 µs a row: 4 s for a backlog of 200,000.
UPDATE "webhook_delivery" SET "next_attempt_at" = 'infinity'
 WHERE "status" = 'pending'
   AND "next_attempt_at" <> 'infinity'
   AND "endpoint_id" IN (SELECT "id" FROM "webhook_endpoint" WHERE "disabled_at" IS NOT NULL FOR UPDATE);

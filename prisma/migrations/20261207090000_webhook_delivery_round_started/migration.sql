-- When a delivery's current round of attempts began: set by its first failed try of the round
-- (lib/webhooks/deliver.ts), cleared by nothing. The first success after an outage sends again
-- only the deliveries whose whole round fell inside it (the round began at or after the
-- endpoint's failing_since); one whose round began before the last success the endpoint had was
-- refused while the receiver accepted others, and stays failed (docs/webhooks.md "Delivery").
-- No backfill: a row whose round began before this column existed keeps the earlier rule (its
-- last try after failing_since), read through COALESCE where the rule is applied.
ALTER TABLE webhook_delivery ADD COLUMN round_started_at TIMESTAMPTZ(3);

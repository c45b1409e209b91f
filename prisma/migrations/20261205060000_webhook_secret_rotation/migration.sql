-- A webhook endpoint's signing secret can be rotated: the one before it is kept, sealed like the
-- current one, and deliveries carry a signature with each until previous_until, so a receiver can
-- switch to the new secret without missing a delivery (docs/webhooks.md "Rotating the secret").
ALTER TABLE "webhook_endpoint" ADD COLUMN "previous_sealed_secret" BYTEA;
ALTER TABLE "webhook_endpoint" ADD COLUMN "previous_until" TIMESTAMPTZ(3);

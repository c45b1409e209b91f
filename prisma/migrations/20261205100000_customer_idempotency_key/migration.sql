-- A customer created through the reseller API may carry the Idempotency-Key it was sent with, so a
-- client that lost the answer can repeat the request and get the same customer back instead of
-- "name already used" (docs/api.md "Requests and answers"). Unique per reseller; a customer made
-- on the web page has none (NULLs never collide). The request's digest is kept beside the key:
-- the customer may be edited later, and a repeat is judged against what was asked, not what is.
ALTER TABLE "customer" ADD COLUMN "idempotency_key" TEXT;
ALTER TABLE "customer" ADD COLUMN "idempotency_request" TEXT;
CREATE UNIQUE INDEX "customer_reseller_id_idempotency_key_key" ON "customer"("reseller_id", "idempotency_key");

-- The services list at 100,000+ services of one reseller (docs/search.md "The services list").

-- CreateIndex
CREATE INDEX "service_reseller_id_status_upstream_state_created_at_id_idx" ON "service"("reseller_id", "status", "upstream_state", "created_at" DESC, "id" DESC);

-- The search's exact-reference arm, any case (Prisma's schema cannot express an index on
-- lower()). With it every arm of the search has an index keyed by reseller, so Postgres can
-- answer a rare fragment with one BitmapOr of this reseller's matches instead of walking all of
-- its services.
CREATE INDEX "service_reseller_upstream_ref_lower" ON "service" (reseller_id, lower(upstream_ref));

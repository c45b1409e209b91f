-- A reseller's search by name fragment (lib/search/order-search.ts, docs/search.md): one GIN index
-- keyed by reseller and by the trigrams of both spellings of the name, so the search reads that
-- reseller's matches only, not every match in the installation before filtering by reseller.
-- btree_gin lets a GIN index hold the plain uuid column beside the trigrams; like pg_trgm it is a
-- trusted extension (no superuser needed). Prisma's schema cannot express this index.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX "order_reseller_search_trgm" ON "order" USING gin (reseller_id, lower(natural_key || ' ' || display_name) gin_trgm_ops);

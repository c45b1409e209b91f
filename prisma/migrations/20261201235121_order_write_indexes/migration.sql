-- Fewer index entries per order write (docs/benchmarks.md "Indexes the hot path maintains").
-- Every status change rewrites the order row outside HOT (status is indexed), so each write adds
-- an entry to every index whose predicate the new row meets: the pipeline writes an order three
-- times (insert, claim, outcome). Indexes no query needs are dropped, and indexes only a few rows
-- belong in become partial. Hand-written: Prisma's schema cannot express partial indexes.

-- The name search without a reseller (support's) is served by the (reseller_id, trigrams) GIN
-- index: a multicolumn GIN index answers a condition on any of its columns.
DROP INDEX IF EXISTS "order_search_trgm";
-- No query searches an order's natural key by prefix any more (the search is by trigrams);
-- equality lookups use "order_natural_key_idx".
DROP INDEX IF EXISTS "order_natural_key_pattern_idx";

-- Columns that are NULL for most orders: only the rows that have a value are indexed. Every
-- query on them asks for a value (=, IN), which the planner proves implies IS NOT NULL.
DROP INDEX IF EXISTS "order_upstream_ref_idx";
CREATE INDEX "order_upstream_ref_idx" ON "order" ("upstream_ref") WHERE "upstream_ref" IS NOT NULL;
DROP INDEX IF EXISTS "order_depends_on_order_id_idx";
CREATE INDEX "order_depends_on_order_id_idx" ON "order" ("depends_on_order_id") WHERE "depends_on_order_id" IS NOT NULL;
DROP INDEX IF EXISTS "order_service_id_created_at_idx";
CREATE INDEX "order_service_id_created_at_idx" ON "order" ("service_id", "created_at" DESC) WHERE "service_id" IS NOT NULL;

-- The relay's two scans (lib/orders/relay.ts), each over the few orders waiting to be rung, in
-- the order it takes them: queued orders by queued_at, due retries by next_attempt_at, per
-- provider. They replace (status, next_attempt_at), which held every order three times over.
DROP INDEX IF EXISTS "order_status_next_attempt_at_idx";
CREATE INDEX "order_relay_queued" ON "order" ("provider", "queued_at") WHERE "status" = 'queued';
CREATE INDEX "order_relay_due" ON "order" ("provider", "next_attempt_at") WHERE "status" IN ('retrying', 'unknown');

-- An attempt row is written twice (start, outcome) and no indexed column changes: with room left
-- on its page the second write is a HOT update that touches no index.
ALTER TABLE "attempt" SET (fillfactor = 85);

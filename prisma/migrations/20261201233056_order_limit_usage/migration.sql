-- The reseller's limits (lib/orders/order-checks.ts usedAgainstLimitSql, docs/benchmarks.md
-- "The limit check"): every placement and the dashboard count the create orders that did not fail
-- and were not cancelled. This partial index lets that count be an index-only walk of one
-- reseller's entries instead of a read of each order row. Partial indexes cannot be written in
-- Prisma's schema, so it is written here by hand.
CREATE INDEX "order_limit_usage" ON "order" (reseller_id, kind)
  WHERE action = 'create' AND status NOT IN ('failed', 'cancelled');

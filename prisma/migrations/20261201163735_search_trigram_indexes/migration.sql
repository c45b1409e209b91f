-- Search anywhere in a name (lib/search/order-search.ts, docs/search.md). Prisma's schema cannot
-- express expression or trigram indexes, so they are written here by hand.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Both spellings of an order's name in one indexed expression: IDNA ASCII (natural_key) and
-- Unicode (display_name).
CREATE INDEX "order_search_trgm" ON "order" USING gin (lower(natural_key || ' ' || display_name) gin_trgm_ops);

-- On the plain column: serves both the order search's sub-select and the customer list's ILIKE.
CREATE INDEX "customer_name_trgm" ON "customer" USING gin (name gin_trgm_ops);

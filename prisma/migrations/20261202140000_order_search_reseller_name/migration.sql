-- The order search's look-up (lib/search/order-search.ts) for a fragment that matches most of a
-- reseller's orders: the trigram index can only answer it as a bitmap, which reads every posting
-- list of the fragment's trigrams before the LIMIT applies (920 buffers at a million orders for
-- `shop`). This index holds the reseller's rows with their search text and order id, so the
-- planner can walk it instead (index-only, stopping at the limit: 9 buffers) when its estimate
-- says the fragment is common, and keeps the trigram index for a rare one
-- (docs/benchmarks.md "A fragment that matches most orders"). order_search is written once per
-- order, so the visibility map stays set and the walk seldom visits the table.
CREATE INDEX "order_search_reseller_name" ON "order_search" (reseller_id) INCLUDE (name_text, order_id);

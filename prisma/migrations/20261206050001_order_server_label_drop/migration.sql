-- The home-server picker walks order_search_server_label_sort (migration
-- 20261206050000_order_search_server_label_sort) since that was built; the order's
-- (reseller_id, display_name, id) index of server create orders serves nothing else.
-- CONCURRENTLY, and alone in its file like the build before it: a plain DROP INDEX takes an ACCESS
-- EXCLUSIVE lock on "order", which every placement and every step of an order writes
-- (docs/operations.md "Migrations that build an index concurrently"). IF EXISTS: a retry after a
-- drop cut short finishes the job.
DROP INDEX CONCURRENTLY IF EXISTS "order_server_label";

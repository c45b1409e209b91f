-- The home-server picker (lib/orders/usable-servers.ts) lists a reseller's servers by the label
-- of their search row, which follows the service's name when a server is renamed (migration
-- 20261205200000_server_label_follows_rename). It walked the order's own (reseller_id,
-- display_name, id) index, so a renamed server kept its place under the name it was ordered
-- under; it walks this one now, in the order it shows. Only server create orders have a label.
--
-- CONCURRENTLY, and the only statement of the file: every placement writes order_search in its
-- insert's statement, and a plain build would hold off placing for the whole scan
-- (docs/operations.md "Migrations that build an index concurrently": a failed build leaves an
-- INVALID index, and how to retry). Hand-written: Prisma's schema cannot express a partial index.
CREATE INDEX CONCURRENTLY "order_search_server_label_sort" ON "order_search" ("reseller_id", "server_label", "order_id")
  WHERE "server_label" IS NOT NULL;

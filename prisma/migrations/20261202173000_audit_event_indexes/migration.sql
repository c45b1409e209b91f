-- Fewer entries per audit row (docs/benchmarks.md "Fewer audit_event indexes"). Every order
-- writes two audit rows, and each row entered all seven of the table's indexes.
--
-- An order's rows are found by the chain's key: the trigger sets chain_key to 'order:' || order_id
-- for every row with an order, and the unique (chain_key, chain_seq) index is there for the chain
-- anyway, so the order's timeline and the audit list's order filter read it (lib/orders/queries/
-- get-order.ts, lib/support/order-detail.ts, lib/support/audit-query.ts, lib/services/queries.ts).
DROP INDEX IF EXISTS "audit_event_order_id_id_idx";
-- The support audit list pages newest first by id: a filter's index ending in id serves filter and
-- order in one walk, where one ending in at had to read every matching row and sort them.
DROP INDEX IF EXISTS "audit_event_reseller_id_at_idx";
DROP INDEX IF EXISTS "audit_event_actor_id_at_idx";
DROP INDEX IF EXISTS "audit_event_action_at_idx";
CREATE INDEX "audit_event_reseller_id_id_idx" ON "audit_event" ("reseller_id", "id");
CREATE INDEX "audit_event_actor_id_id_idx" ON "audit_event" ("actor_id", "id");
CREATE INDEX "audit_event_action_id_idx" ON "audit_event" ("action", "id");
-- The time filter keeps its btree on `at`: a BRIN index there (tried) let the planner walk the
-- primary key for a window in the middle of the log, 45,000 buffers where this index reads 259.

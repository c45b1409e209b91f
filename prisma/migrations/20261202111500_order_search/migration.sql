-- An order's search text in a table of its own, written once when the order is placed
-- (docs/search.md "Why it is fast at a million orders", docs/benchmarks.md "The search text off
-- the order row"). Every status change rewrites the order row outside HOT (status is indexed), so
-- each one added entries to the order's trigram GIN indexes although their keys (natural_key,
-- display_name) never change after placing. Here those keys are indexed once per order.
CREATE TABLE "order_search" (
    "order_id" UUID NOT NULL,
    "reseller_id" UUID NOT NULL,
    -- lower(natural_key || ' ' || display_name): both spellings of the name, as the search matches them.
    "name_text" TEXT NOT NULL,
    -- display_name of a grommunio server's create order (the home-server picker searches it); NULL otherwise.
    "server_label" TEXT,

    CONSTRAINT "order_search_pkey" PRIMARY KEY ("order_id")
);

ALTER TABLE "order_search" ADD CONSTRAINT "order_search_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by triggers, so no path that inserts an order (placing, the API, support's re-create,
-- seeds, tests) can leave one out. Inserts: one statement-level trigger over the inserted rows
-- (a seed of a million orders is one set-based insert here, not a million function calls).
CREATE FUNCTION order_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_search (order_id, reseller_id, name_text, server_label)
  SELECT n.id, n.reseller_id, lower(n.natural_key || ' ' || n.display_name),
         CASE WHEN n.kind = 'grommunio_server' AND n.action = 'create' THEN n.display_name END
    FROM placed_orders n;
  RETURN NULL;
END $$;
CREATE TRIGGER order_search_insert AFTER INSERT ON "order"
  REFERENCING NEW TABLE AS placed_orders FOR EACH STATEMENT EXECUTE FUNCTION order_search_insert();

-- No code changes these columns after placing; should one, the search text follows in the same
-- statement. A trigger with a column list fires only for an UPDATE that names one of them, so the
-- pipeline's status writes never run it.
CREATE FUNCTION order_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE order_search
     SET reseller_id = NEW.reseller_id,
         name_text = lower(NEW.natural_key || ' ' || NEW.display_name),
         server_label = CASE WHEN NEW.kind = 'grommunio_server' AND NEW.action = 'create' THEN NEW.display_name END
   WHERE order_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER order_search_update AFTER UPDATE OF natural_key, display_name, reseller_id, kind, action ON "order"
  FOR EACH ROW
  WHEN (OLD.natural_key IS DISTINCT FROM NEW.natural_key OR OLD.display_name IS DISTINCT FROM NEW.display_name
     OR OLD.reseller_id IS DISTINCT FROM NEW.reseller_id OR OLD.kind IS DISTINCT FROM NEW.kind
     OR OLD.action IS DISTINCT FROM NEW.action)
  EXECUTE FUNCTION order_search_update();

-- The orders placed before this migration.
INSERT INTO order_search (order_id, reseller_id, name_text, server_label)
SELECT o.id, o.reseller_id, lower(o.natural_key || ' ' || o.display_name),
       CASE WHEN o.kind = 'grommunio_server' AND o.action = 'create' THEN o.display_name END
  FROM "order" o;

-- The indexes the order row had, keyed by reseller first (btree_gin, migration
-- *_reseller_search_trigram): the order search (lib/search/order-search.ts; support's search
-- without a reseller uses the same index) and the home-server picker (lib/orders/usable-servers.ts).
CREATE INDEX "order_search_name_trgm" ON "order_search" USING gin (reseller_id, name_text gin_trgm_ops);
CREATE INDEX "order_search_server_label_trgm" ON "order_search" USING gin (reseller_id, server_label gin_trgm_ops)
  WHERE server_label IS NOT NULL;

DROP INDEX IF EXISTS "order_reseller_search_trgm";
DROP INDEX IF EXISTS "order_server_label_trgm";
DROP INDEX IF EXISTS "order_search_trgm";

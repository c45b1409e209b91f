-- The home-server picker searches a server by order_search.server_label (lib/orders/usable-servers.ts),
-- written once from the create order's host name. A renamed server (docs/lifecycle.md "Renaming a
-- grommunio server") is known by its service's name since, so the label follows the service's
-- display_name here: a row trigger whose WHEN compares the names, so the pipeline's other service
-- updates, which leave the name as it was, never call the function.
CREATE FUNCTION server_label_follows_service() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE order_search SET server_label = NEW.display_name WHERE order_id = NEW.create_order_id;
  RETURN NULL;
END $$;
CREATE TRIGGER server_label_follows_service AFTER UPDATE OF display_name ON service
  FOR EACH ROW
  WHEN (NEW.kind = 'grommunio_server' AND NEW.create_order_id IS NOT NULL
        AND OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION server_label_follows_service();

-- The servers renamed before this migration.
UPDATE order_search l SET server_label = v.display_name
  FROM service v
 WHERE v.kind = 'grommunio_server' AND v.create_order_id = l.order_id
   AND l.server_label IS DISTINCT FROM v.display_name;

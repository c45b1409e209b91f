-- The order form's pickers at thousands of entries (docs/order-form.md "Pickers",
-- docs/benchmarks.md "The order form's pickers"). Partial and trigram indexes cannot be written in
-- Prisma's schema, so they are written here by hand.

-- Home-server picker: a reseller's server orders in name order, so a page of the picker (and the
-- next page after a keyset cursor) is a short index walk however many servers the reseller has.
CREATE INDEX "order_server_label" ON "order" (reseller_id, display_name, id)
  WHERE kind = 'grommunio_server' AND action = 'create';
-- ... and any fragment of a server's host name, reading only this reseller's matches (reseller_id
-- in the GIN key through btree_gin, created by the migration before this one).
CREATE INDEX "order_server_label_trgm" ON "order" USING gin (reseller_id, display_name gin_trgm_ops)
  WHERE kind = 'grommunio_server' AND action = 'create';

-- Manager's domain picker: a reseller's live Qboxmail domains in name order (keyset pages).
CREATE INDEX "service_live_domain_name" ON "service" (reseller_id, display_name, id)
  WHERE kind = 'qboxmail_domain' AND status = 'active';
-- Fragments of a service's name in either spelling (Unicode display_name, IDNA natural_key):
-- serve the domain picker and the services list's search (docs/search.md).
-- Keyed by reseller first, as above: every search of these is one reseller's.
CREATE INDEX "service_display_name_trgm" ON "service" USING gin (reseller_id, display_name gin_trgm_ops);
CREATE INDEX "service_natural_key_trgm" ON "service" USING gin (reseller_id, natural_key gin_trgm_ops);

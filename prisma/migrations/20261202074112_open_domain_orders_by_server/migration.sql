-- A grommunio server delete is refused while a domain order bound for that server is still open
-- (docs/lifecycle.md "Deleting a grommunio server"). The placing check finds those orders by the
-- home server stored in their payload; this index holds only the few open grommunio domain create
-- orders, so the check is one small index probe and the orders that have settled (almost all)
-- never enter it. Domains waiting for a server order are found by "order_depends_on_order_id_idx".
-- Hand-written: Prisma's schema cannot express an expression or partial index.
CREATE INDEX "order_open_domain_homeserver" ON "order" ((payload ->> 'homeserver'))
  WHERE kind = 'grommunio_domain' AND action = 'create'
    AND status IN ('pending', 'queued', 'provisioning', 'retrying', 'unknown', 'held');

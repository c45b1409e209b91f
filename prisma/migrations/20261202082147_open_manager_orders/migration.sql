-- A Qboxmail domain delete is refused while a manager order naming the domain is still open
-- (docs/lifecycle.md "Deleting a grommunio server" holds the rule for both providers). The check
-- reads the reseller's open manager orders; this index holds only those, so it stays a small
-- probe however many managers a reseller ordered before. Hand-written: a partial index.
CREATE INDEX "order_open_manager" ON "order" (reseller_id)
  WHERE kind = 'qboxmail_manager'
    AND status IN ('pending', 'queued', 'provisioning', 'retrying', 'unknown', 'held');

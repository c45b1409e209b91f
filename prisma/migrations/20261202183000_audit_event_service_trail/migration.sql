-- A service's audit trail (lib/services/queries.ts serviceAudit) reads the service's own events
-- (service.adopted, service.ownership_checked, ...), which name the service only inside `after`.
-- Without an index on that, the read walked all of the reseller's audit rows newest first. These
-- events are few (drift and activation checks, never the order pipeline's), so the index is
-- small and the hot path's inserts, whose action is order.*, only evaluate its predicate.
-- Hand-written: Prisma cannot express an expression or a partial index.
CREATE INDEX "audit_event_service_trail" ON audit_event ((after->>'serviceId'), id)
  WHERE action LIKE 'service.%';

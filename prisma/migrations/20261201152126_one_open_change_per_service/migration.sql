-- One change at a time per service (docs/lifecycle.md): at most one change order of a service
-- that has not finished. Two placements racing for the same service cannot both get through.
-- Hand-written: Prisma's schema cannot express a partial unique index.
CREATE UNIQUE INDEX "order_one_open_change_per_service" ON "order" ("service_id")
  WHERE "service_id" IS NOT NULL AND "status" NOT IN ('succeeded', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "worker_heartbeat" ADD COLUMN     "in_flight" UUID[] DEFAULT ARRAY[]::UUID[];

-- One upstream resource, one owning order (docs/reliability.md "Ownership"). Prisma cannot
-- express a partial unique index, hence hand-written: among create orders that are not
-- cancelled, at most one holds a given (provider, kind, upstream_ref). Change and delete orders
-- name the resource of the service they act on, so they are outside the rule; services carry
-- the same rule over live services (service_live_upstream_ref_key). Adoption after a lost answer and
-- support's "mark resolved with a reference" both run into it when they would take a resource
-- another order already holds.
CREATE UNIQUE INDEX "order_one_owner_per_upstream_ref"
  ON "order" ("provider", "kind", "upstream_ref")
  WHERE "upstream_ref" IS NOT NULL AND "status" <> 'cancelled' AND "action" = 'create';

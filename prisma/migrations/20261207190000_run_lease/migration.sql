-- One row per long job that must not run twice at once (the audit chain's verification), held by
-- the run that took it and kept alive by its heartbeat (lib/run-lease.ts).
CREATE TABLE "run_lease" (
    "name" TEXT NOT NULL,
    "holder" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_by" TEXT,

    CONSTRAINT "run_lease_pkey" PRIMARY KEY ("name")
);

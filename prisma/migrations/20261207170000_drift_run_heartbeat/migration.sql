-- A drift run's sign of life: a run whose worker died stops writing it, and the next claim closes
-- it instead of waiting an hour (lib/services/drift.ts). Nullable: a metadata-only change.
ALTER TABLE "drift_run" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3);

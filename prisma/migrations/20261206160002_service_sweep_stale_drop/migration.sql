-- The sweep walks service_sweep_tried now (migration 20261206160001_service_sweep_tried_index):
-- the index on read_at alone serves no query, and costs each change's success an index entry.
-- CONCURRENTLY and alone in its file, for the reasons given there.
DROP INDEX CONCURRENTLY IF EXISTS "service_sweep_stale";

-- The sweep (lib/services/sweep.ts) used to claim a service by setting read_at to the claim's
-- time, before reading it. A read that then failed (the provider answered 5xx or 429, or the
-- worker died) left read_at saying the service had just been read, with the settings of an older
-- reading: the lists showed a read that never happened, and the drift check, which skips a
-- service never read since its last change (read_at NULL), compared that older reading as if it
-- were current. The claim now writes its own column, read_tried_at, so read_at only ever holds
-- the time of a reading that was stored (docs/lifecycle.md "The service sweep").
ALTER TABLE service ADD COLUMN "read_tried_at" TIMESTAMPTZ(3);
-- Every reading so far was also a try: the sweep keeps its order instead of reading every
-- service again at once.
UPDATE service SET read_tried_at = read_at WHERE read_at IS NOT NULL;
-- The sweep's walk moves to the new column (the reasons are those of 20261203000000_service_sweep_stale).
DROP INDEX "service_sweep_stale";
CREATE INDEX "service_sweep_stale" ON service (read_tried_at NULLS FIRST) WHERE status = 'active';

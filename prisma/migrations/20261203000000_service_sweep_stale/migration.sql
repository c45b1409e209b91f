-- The worker's service sweep (lib/services/sweep.ts) reads again, every 30 s, the ten active
-- services read longest ago (never-read ones first). Without an index on read_at that was a scan
-- of every active service and a full sort of them (the sort sits below FOR UPDATE SKIP LOCKED, so
-- it cannot stop at ten): at 188,000 services 45 ms, 4,500 buffers and 6 MB of temporary files per
-- pass per worker, growing with the installation. With this index it is a walk of the first rows
-- (docs/benchmarks.md "The service sweep's stale read"). Partial, as the sweep reads only active
-- services; the hot path adds an entry per created service and never updates read_at.
-- Hand-written: Prisma cannot express a partial index.
CREATE INDEX "service_sweep_stale" ON service (read_at NULLS FIRST) WHERE status = 'active';

-- The highest audit_event id a verification saw and how many rows had an id up to it, both read in
-- one statement (one snapshot). The next run counts the rows up to that id again: rows are only
-- ever added, so fewer means rows were deleted, even the last rows of a chain, which leave no gap
-- for the chain walk to find (docs/operations.md "Verify the audit chain").
ALTER TABLE "audit_verification" ADD COLUMN "max_id" BIGINT;
ALTER TABLE "audit_verification" ADD COLUMN "rows_up_to_max" INTEGER;

-- The highest audit_event id a verification saw. The next run counts the rows up to that id again:
-- rows are only ever added, so fewer than that run counted means rows were deleted, even the last
-- rows of a chain, which leave no gap for the chain walk to find (docs/operations.md "Verify the audit chain").
ALTER TABLE "audit_verification" ADD COLUMN "max_id" BIGINT;

-- The state a suspend or resume through the portal asked for, kept until a reading of the
-- service confirms or contradicts it (lib/services/read-live.ts): a Qboxmail disable is accepted
-- with a 2xx and applied later, so the success records what was asked, not what the provider did.
-- A reading that does not show it yet is held back for the settling time; one that still does not
-- after it records a drift finding (docs/lifecycle.md "A suspend or resume is confirmed by a reading").
-- No backfill: a suspension that succeeded before this column existed is compared as before.
ALTER TABLE service ADD COLUMN expected_state TEXT;

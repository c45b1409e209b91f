-- The audit chain's insert trigger builds the hashed text inline instead of calling
-- audit_event_canonical(NEW) (docs/benchmarks.md "Postgres CPU per order, by statement").
-- A LANGUAGE sql function called from PL/pgSQL with a row argument is not inlined: Postgres 15
-- parses and plans its body again in every transaction, which cost more than the rest of the
-- trigger together (0.16 ms of 0.31 ms per audit row). The text is exactly the one
-- audit_event_canonical() builds, field for field, so `npm run audit:verify`, which recomputes
-- every row's hash with that function, checks old and new rows alike; the function is kept
-- for it. tests/integration/audit-verify.test.ts holds the two to the same text.
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq integer;
  last_hash text;
BEGIN
  NEW.chain_key := coalesce('order:' || NEW.order_id::text, 'reseller:' || NEW.reseller_id::text, 'global');
  -- Serializes the inserts of one chain; the lookup below runs after it, with a new snapshot.
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.chain_key, 0));
  SELECT chain_seq, hash INTO last_seq, last_hash
    FROM audit_event WHERE chain_key = NEW.chain_key
    ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := last_hash;
  -- Keep in step with audit_event_canonical() (init migration): the same fields, order and forms.
  NEW.hash := encode(sha256(convert_to(concat_ws('|',
    NEW.chain_key, NEW.chain_seq::text, coalesce(NEW.prev_hash, ''),
    to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    NEW.actor_type, coalesce(NEW.actor_id, ''), coalesce(NEW.actor_label, ''),
    coalesce(NEW.reseller_id::text, ''), coalesce(NEW.order_id::text, ''), NEW.action,
    coalesce(NEW.before::text, ''), coalesce(NEW.after::text, ''), coalesce(NEW.reason, '')), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

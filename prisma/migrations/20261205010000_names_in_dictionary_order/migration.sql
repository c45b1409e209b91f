-- A reseller's customers and the resellers themselves are listed by name. Under the cluster's
-- collation that order was the server's: byte order under C (the tests' and the demo's clusters),
-- where "Echo" comes before "alpha" and "Ärzte" after "Zeta". Resellers in Italy and Germany
-- expect dictionary order, case and accents aside, whatever the cluster. ICU's root collation
-- gives it; it is deterministic, so two names that differ only in case stay two names, the
-- unique (reseller_id, name) index keeps its meaning, and its order is total, so the lists'
-- keyset pages (name > last name) stay exact. The indexes on these columns are rebuilt with it.
-- A Postgres built without ICU has no such collation: the names then keep the cluster's order
-- (docs/design.md "Names in dictionary order").
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
    ALTER TABLE "customer" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
    ALTER TABLE "reseller" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
  END IF;
END
$$;

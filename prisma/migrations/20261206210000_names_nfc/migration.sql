-- Names and references in one Unicode form (NFC), as the forms now store them and the list
-- searches normalize what is typed: a name stored with "u" and a combining mark for "ü" would
-- otherwise no longer be found by any search. A customer whose NFC name another customer of the
-- same reseller already holds keeps its spelling (the unique name per reseller would refuse it);
-- each row is its own step, so one such pair does not stop the rest.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id, name FROM customer WHERE name <> normalize(name, NFC) LOOP
    BEGIN
      UPDATE customer SET name = normalize(r.name, NFC) WHERE id = r.id;
    EXCEPTION WHEN unique_violation THEN
      NULL;
    END;
  END LOOP;
END $$;

UPDATE customer SET reference = normalize(reference, NFC)
  WHERE reference IS NOT NULL AND reference <> normalize(reference, NFC);
UPDATE app_user SET name = normalize(name, NFC) WHERE name <> normalize(name, NFC);
UPDATE reseller SET name = normalize(name, NFC) WHERE name <> normalize(name, NFC);

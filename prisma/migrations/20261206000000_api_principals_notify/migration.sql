-- Each web process remembers the principal of an API token that authenticated moments ago
-- (lib/api/principal-cache.ts). A revocation, a disabled user or any other change to what a
-- principal is made of must reach every process, not only the one that made it: these triggers
-- send a notification on the channel `api_principals` in the changing transaction, so it is
-- delivered when that transaction commits and never when it rolls back, whoever made the change
-- (the portal, a script, an operator's SQL). Each web process listens on the channel
-- (lib/api/principal-listener.ts) and forgets what it remembers. The WHEN clauses leave out the
-- updates that change nothing a principal holds: a token's `last used` time, a user's sign-in
-- bookkeeping.
CREATE FUNCTION api_principals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_principals', '');
  RETURN NULL;
END $$;

CREATE TRIGGER api_token_principal_changed AFTER UPDATE ON api_token
  FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.scopes IS DISTINCT FROM NEW.scopes OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.reseller_id IS DISTINCT FROM NEW.reseller_id OR OLD.created_by_id IS DISTINCT FROM NEW.created_by_id
        OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
  EXECUTE FUNCTION api_principals_changed();
CREATE TRIGGER api_token_principal_deleted AFTER DELETE ON api_token
  FOR EACH ROW EXECUTE FUNCTION api_principals_changed();

CREATE TRIGGER app_user_principal_changed AFTER UPDATE ON app_user
  FOR EACH ROW
  WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.reseller_id IS DISTINCT FROM NEW.reseller_id OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION api_principals_changed();
CREATE TRIGGER app_user_principal_deleted AFTER DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION api_principals_changed();

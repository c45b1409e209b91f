// A body's field names the request does not take. The form schemas drop such keys, which suits a
// web form (its controls are the fields) but not an API: a misspelt "max_email_acounts" would
// place an order without the limit meant, and a setting a change cannot make would be dropped in
// silence. So the API refuses each unknown name on its own field, as grommunio refuses an
// unknown attribute, before anything is placed.
import type { FieldErrors } from "./problem";

/**
 * Upstream fields an administrator sets for the reseller's account (docs/security.md "Upstream
 * identifiers"). A client that sends the upstream's whole body may carry them: they are left out
 * as before (the account's own values are written in), not refused.
 */
const ADMIN_SET = new Set(["customer_code", "outbound_limit_id", "orgID"]);

export function unknownFields(given: unknown, known: ReadonlySet<string>, prefix: string): FieldErrors {
  if (!given || typeof given !== "object" || Array.isArray(given)) return {};
  const out: FieldErrors = {};
  for (const name of Object.keys(given))
    if (!known.has(name) && !ADMIN_SET.has(name))
      out[`${prefix}${name}`] = ["Not a field this request takes: check the name against the API reference"];
  return out;
}

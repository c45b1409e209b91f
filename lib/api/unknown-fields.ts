// A body's field names the request does not take. The form schemas drop such keys, which suits a
// web form (its controls are the fields) but not an API: a misspelt "max_email_acounts" would
// place an order without the limit meant, and a setting a change cannot make would be dropped in
// silence. So the API refuses each unknown name on its own field, as grommunio refuses an
// unknown attribute, before anything is placed.
import type { FieldErrors } from "./problem";

/** Set per reseller by an administrator (docs/security.md "Upstream identifiers"), never by a request. */
const ADMIN_SET = new Set(["customer_code", "outbound_limit_id", "orgID"]);

export function unknownFields(given: unknown, known: ReadonlySet<string>, prefix: string): FieldErrors {
  if (!given || typeof given !== "object" || Array.isArray(given)) return {};
  const out: FieldErrors = {};
  for (const name of Object.keys(given))
    if (!known.has(name))
      out[`${prefix}${name}`] = [
        ADMIN_SET.has(name)
          ? "Set for your account by your provider's administrator: leave it out"
          : "Not a field this request takes: check the name against the API reference",
      ];
  return out;
}

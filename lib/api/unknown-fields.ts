// A body's field names the request does not take. The form schemas drop such keys, which suits a
// web form (its controls are the fields) but not an API: a misspelt "max_email_acounts" would
// place an order without the limit meant, and a setting a change cannot make would be dropped in
// silence. So the API refuses each unknown name on its own field, as grommunio refuses an
// unknown attribute, before anything is placed.
import type { FieldErrors } from "./problem";

/**
 * Upstream fields an administrator sets for the reseller's account (docs/security.md "Upstream
 * identifiers"). A client that sends the upstream's whole body to create something may carry
 * them: there they are left out (the account's own values are written in), not refused. A change
 * writes nothing in for them, so a change that names one is refused (`adminSet: "refused"`): left
 * out, it would be answered as placed while the portal does not do it (docs/api.md "Requests and
 * answers").
 */
const ADMIN_SET = new Set(["customer_code", "outbound_limit_id", "orgID"]);

export function unknownFields(
  given: unknown,
  known: ReadonlySet<string>,
  prefix: string,
  adminSet: "leftOut" | "refused" = "leftOut",
): FieldErrors {
  if (!given || typeof given !== "object" || Array.isArray(given)) return {};
  const out: FieldErrors = {};
  for (const name of Object.keys(given)) {
    if (known.has(name)) continue;
    if (!ADMIN_SET.has(name))
      out[`${prefix}${name}`] = ["Not a field this request takes: check the name against the API reference"];
    else if (adminSet === "refused")
      out[`${prefix}${name}`] = [
        `${name} cannot be changed after the service is created: an administrator sets it for your account. Leave ${name} out of the change.`,
      ];
  }
  return out;
}

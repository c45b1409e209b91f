// POST /api/managers (docs/upstream/qboxmail.md §3): required identity and password, limits defaulting to -1,
// domain_codes that must name existing domains, all failures collected.
import { type Body, Checker, type FieldFailure, isEmail } from "./check";
import { MANAGER_LIMITS, MANAGER_QUOTAS } from "./rules";
import type { QboxmailState } from "./state";

export type ManagerCheck = { failures: FieldFailure[]; duplicate?: string; fields: Record<string, unknown> };

// The reference shows no default for max_email_quota; the largest value means "no extra cap".
const DEFAULT_MANAGER_QUOTA = MANAGER_QUOTAS[MANAGER_QUOTAS.length - 1]!;

export function checkManagerCreate(body: Body, state: QboxmailState): ManagerCheck {
  const c = new Checker(body);
  const fields: Record<string, unknown> = {};
  let duplicate: string | undefined;

  const email = c.requiredString("email_address");
  if (email !== undefined) {
    if (!isEmail(email)) c.fail("email_address", "invalid");
    else if (state.managerByEmail(email)) {
      duplicate = email.toLowerCase();
      c.fail("email_address", "taken");
    }
    fields.email_address = email;
  }
  fields.firstname = c.requiredString("firstname");
  fields.lastname = c.requiredString("lastname");
  c.password("password", "password_confirmation");
  fields.company = c.optionalString("company") ?? null;
  for (const f of MANAGER_LIMITS) fields[f] = c.limit(f);
  fields.max_email_quota = c.oneOf("max_email_quota", MANAGER_QUOTAS, DEFAULT_MANAGER_QUOTA);
  fields.catch_all = c.bool("catch_all", true);

  const codes = body.domain_codes;
  fields.domain_codes = [];
  if (codes !== undefined && codes !== null) {
    const ok =
      Array.isArray(codes) &&
      codes.every(
        (code) => typeof code === "string" && state.domains.has(code) && state.domains.get(code)!.status !== "deleting",
      );
    if (!ok) c.fail("domain_codes", "invalid");
    else fields.domain_codes = [...new Set(codes as string[])];
  }
  return { failures: c.failures, duplicate, fields };
}

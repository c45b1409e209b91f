// POST /api/managers (docs/upstream/qboxmail.md §3): required identity and password, limits defaulting to -1,
// domain_codes that must name existing domains, all failures collected.
import { type Body, Checker, type FieldFailure, isEmail } from "./check";
import { MANAGER_LIMITS, MANAGER_QUOTAS } from "./rules";
import { type QboxmailState, queuedForDeletion } from "./state";

/** The fields a valid create stores; `domain_codes` holds only codes of existing domains. */
export type ManagerFields = Record<string, unknown> & {
  email_address: string;
  firstname: string;
  lastname: string;
  domain_codes: string[];
};
export type ManagerCheck =
  | { ok: true; fields: ManagerFields }
  | { ok: false; failures: FieldFailure[]; duplicate?: string };

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
  }
  const firstname = c.requiredString("firstname");
  const lastname = c.requiredString("lastname");
  c.password("password", "password_confirmation");
  fields.company = c.optionalString("company") ?? null;
  for (const f of MANAGER_LIMITS) fields[f] = c.limit(f);
  fields.max_email_quota = c.oneOf("max_email_quota", MANAGER_QUOTAS, DEFAULT_MANAGER_QUOTA);
  fields.catch_all = c.bool("catch_all", true);

  const codes = body.domain_codes;
  let domainCodes: string[] = [];
  if (codes !== undefined && codes !== null) {
    const live = (code: unknown): code is string => {
      const domain = typeof code === "string" ? state.domains.get(code) : undefined;
      return domain !== undefined && !queuedForDeletion(domain);
    };
    if (Array.isArray(codes) && codes.every(live)) domainCodes = [...new Set(codes)];
    else c.fail("domain_codes", "invalid");
  }
  if (email === undefined || firstname === undefined || lastname === undefined || c.failures.length)
    return { ok: false, failures: c.failures, duplicate };
  return { ok: true, fields: { email_address: email, firstname, lastname, ...fields, domain_codes: domainCodes } };
}

// POST /api/domains: every field of docs/upstream/qboxmail.md §2 checked, all failures collected.
// Unknown fields are ignored, as a Rails backend's permitted-parameters filter does.
import { type Body, Checker, type FieldFailure, isEmail, isFqdn, isIpOrCidr } from "./check";
import {
  ANTISPAM_LEVELS,
  COMPANY_FIELDS,
  DEFAULT_MAX_EMAIL_QUOTA,
  DOMAIN_LIMITS,
  DOMAIN_PLAIN_BOOLEANS,
  DOMAIN_QUOTAS,
  FEATURE_PLAN,
  isTimezone,
  LANGUAGES,
  PASSWORD_EXPIRATIONS,
  PLANS,
  type Plan,
  planIncludes,
} from "./rules";
import type { QboxmailState } from "./state";

/** The fields a valid create stores: the lower-cased name, and every other field as sent or defaulted. */
export type DomainFields = Record<string, unknown> & { name: string };
export type DomainCheck =
  | { ok: true; fields: DomainFields }
  | { ok: false; failures: FieldFailure[]; duplicate?: string };
type Options = { customerCodes: string[]; customerRequired: boolean };

export function checkDomainCreate(body: Body, state: QboxmailState, opts: Options): DomainCheck {
  const c = new Checker(body);
  const fields: Record<string, unknown> = {};
  let duplicate: string | undefined;

  const name = c.requiredString("name")?.toLowerCase();
  if (name !== undefined) {
    if (name.startsWith("www.") || !isFqdn(name)) c.fail("name", "invalid");
    else if (state.domainByName(name)) {
      duplicate = name;
      c.fail("name", "taken");
    }
    fields.name = name;
  }
  c.password("postmaster_password", "postmaster_password_confirmation");

  const planValid = !c.has("plan") || PLANS.some((p) => p === body.plan);
  const plan = c.oneOf<Plan>("plan", PLANS, "basic");
  fields.plan = plan;

  if (c.has("customer_code")) {
    const code = c.optionalString("customer_code");
    if (code !== undefined && !opts.customerCodes.includes(code)) c.fail("customer_code", "invalid");
    fields.customer_code = code ?? null;
  } else {
    // "Required when creating a domain as an admin" (docs/upstream/qboxmail.md).
    if (opts.customerRequired) c.fail("customer_code", "blank");
    fields.customer_code = null;
  }
  if (c.has("outbound_limit_id")) {
    const v = body.outbound_limit_id;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 2_147_483_647)
      c.fail("outbound_limit_id", "invalid");
    else fields.outbound_limit_id = v;
  }

  fields.catch_all_enabled = c.bool("catch_all_enabled", false);
  const destination = c.has("catch_all_destination") ? c.optionalString("catch_all_destination") : undefined;
  if (destination !== undefined && !isEmail(destination)) c.fail("catch_all_destination", "invalid");
  if (fields.catch_all_enabled === true && destination === undefined) c.fail("catch_all_destination", "blank");
  fields.catch_all_destination = destination ?? null;

  for (const f of DOMAIN_LIMITS) fields[f] = c.limit(f);

  const maxQuota = c.oneOf("max_email_quota", DOMAIN_QUOTAS, DEFAULT_MAX_EMAIL_QUOTA);
  const defaultQuota = c.oneOf("default_quota", DOMAIN_QUOTAS, Math.min(DEFAULT_MAX_EMAIL_QUOTA, maxQuota));
  if (!c.failed("max_email_quota") && !c.failed("default_quota") && defaultQuota > maxQuota)
    c.fail("default_quota", "invalid");
  fields.max_email_quota = maxQuota;
  fields.default_quota = defaultQuota;
  fields.antispam_level = c.oneOf("antispam_level", ANTISPAM_LEVELS, 2);

  for (const f of DOMAIN_PLAIN_BOOLEANS) fields[f] = c.bool(f, false);
  checkPlanFeatures(c, fields, plan, planValid);
  fields.allow_nets = allowNets(c, body.allow_nets);

  for (const f of COMPANY_FIELDS) fields[f] = c.optionalString(f) ?? null;
  fields.language = c.oneOf<unknown>("language", LANGUAGES, "en");
  fields.timezone = "Europe/Rome";
  if (c.has("timezone")) {
    const tz = c.optionalString("timezone");
    if (tz !== undefined && !isTimezone(tz)) c.fail("timezone", "invalid");
    else if (tz !== undefined) fields.timezone = tz;
  }
  if (name === undefined || c.failures.length) return { ok: false, failures: c.failures, duplicate };
  return { ok: true, fields: { ...fields, name } };
}

// A gated feature may be sent as false (or 0 months) on any plan; switching it on below its plan
// is "is not valid" on that field. With an invalid plan only the plan error is reported.
function checkPlanFeatures(c: Checker, fields: Record<string, unknown>, plan: Plan, planValid: boolean): void {
  for (const [feature, needed] of Object.entries(FEATURE_PLAN)) {
    const value =
      feature === "password_expiration" ? c.oneOf(feature, PASSWORD_EXPIRATIONS, 0) : c.bool(feature, false);
    if (value && planValid && !planIncludes(plan, needed)) c.fail(feature, "invalid");
    fields[feature] = value;
  }
}

/** allow_nets as create and update check it: IPs or CIDR networks, trimmed. */
export function allowNets(c: Checker, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && isIpOrCidr(v.trim()))) {
    c.fail("allow_nets", "invalid");
    return [];
  }
  return value.map((v: string) => v.trim());
}

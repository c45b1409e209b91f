// Qboxmail's lifecycle routes as docs/upstream/qboxmail-lifecycle.md describes them: partial
// updates of domains and managers (all failing fields in one 422), the domain status toggle (an
// assumed path), and the ownership check that activates a domain only once its A record
// "exists" in the simulator's fake DNS table (set by a control route).
import type { Body } from "./check";
import { Checker, isEmail } from "./check";
import { allowNets } from "./domain-create";
import { DOMAIN_QUOTAS, FEATURE_PLAN, MANAGER_QUOTAS, PLANS, type Plan, planIncludes } from "./rules";
import type { DomainRecord, ManagerRecord, QboxmailState } from "./state";

export type Failure = { field: string; code: "blank" | "invalid" | "mismatch" | "taken" };
export type Outcome = { failures: Failure[] } | { ok: true };

const DOMAIN_LIMITS = [
  "max_email_accounts",
  "max_email_accounts_25gb",
  "max_email_accounts_50gb",
  "max_email_accounts_100gb",
  "max_email_accounts_archive",
];
const DOMAIN_FLAGS = [
  "imap_disabled",
  "pop_disabled",
  "smtp_disabled",
  "webmail_disabled",
  "chat",
  "activesync",
  "meeting",
  "calendar",
  "dav",
  "catch_all_enabled",
];
const MANAGER_LIMITS = ["max_domains", "max_delivery_domains", "max_delivery_accounts", ...DOMAIN_LIMITS];

/**
 * PUT /api/domains/{code}: only the fields the reference shows for the update; `name` (and
 * anything else) is "is not valid". Checked as on create: the password pair, the catch-all pair
 * (against what is stored when only one half is sent), quotas, networks, plan-gated features.
 */
export function updateDomain(domain: DomainRecord, body: Body): Outcome {
  const c = new Checker(body);
  const next: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (DOMAIN_LIMITS.includes(key)) next[key] = c.limit(key);
    else if (DOMAIN_FLAGS.includes(key)) next[key] = c.bool(key, Boolean(domain[key]));
    else if (key === "antispam_level") next[key] = c.oneOf(key, [0, 1, 2, 3], 0);
    else if (key === "default_quota") next[key] = c.oneOf(key, DOMAIN_QUOTAS, 0);
    else if (key === "allow_nets") next[key] = allowNets(c, body.allow_nets);
    else if (key === "catch_all_destination") {
      const destination = c.optionalString(key);
      if (destination !== undefined && !isEmail(destination)) c.fail(key, "invalid");
      next[key] = destination ?? null;
    } else if (key !== "postmaster_password" && key !== "postmaster_password_confirmation") c.fail(key, "invalid");
  }
  if (c.has("postmaster_password") || c.has("postmaster_password_confirmation"))
    c.password("postmaster_password", "postmaster_password_confirmation");
  const merged = { ...domain, ...next };
  if (merged.catch_all_enabled === true && !merged.catch_all_destination && !c.failed("catch_all_destination"))
    c.fail("catch_all_destination", "blank");
  if (!c.failed("default_quota") && Number(merged.default_quota) > Number(merged.max_email_quota))
    c.fail("default_quota", "invalid");
  const plan = (PLANS as readonly unknown[]).includes(domain.plan) ? (domain.plan as Plan) : "basic";
  for (const [feature, needed] of Object.entries(FEATURE_PLAN))
    if (next[feature] === true && !planIncludes(plan, needed)) c.fail(feature, "invalid");
  if (c.failures.length) return { failures: c.failures };
  Object.assign(domain, next, { updated_at: new Date().toISOString() });
  return { ok: true };
}

/** PUT /api/domains/{code}/status (assumed path): enabled | disabled; a domain waiting for ownership cannot. */
export function setDomainStatus(domain: DomainRecord, body: Body): Outcome {
  const status = body.status;
  if (status !== "enabled" && status !== "disabled") return { failures: [{ field: "status", code: "invalid" }] };
  if (domain.status === "ownership_check") return { failures: [{ field: "status", code: "invalid" }] };
  Object.assign(domain, {
    status,
    status_detail: status === "enabled" ? "ok" : "disabled",
    updated_at: new Date().toISOString(),
  });
  return { ok: true };
}

/** PUT /api/managers/{code}/status (documented): enabled | disabled, nothing else. */
export function setManagerStatus(_state: QboxmailState, manager: ManagerRecord, body: Body): Outcome {
  const status = body.status;
  if (status !== "enabled" && status !== "disabled") return { failures: [{ field: "status", code: "invalid" }] };
  Object.assign(manager, { status, updated_at: new Date().toISOString() });
  return { ok: true };
}

/**
 * PUT /api/managers/{code}: documented fields only (others ignored); domain_codes replaces the set;
 * the password pair is checked as on create.
 */
export function updateManager(state: QboxmailState, manager: ManagerRecord, body: Body): Outcome {
  const c = new Checker(body);
  const next: Record<string, unknown> = {};
  let domainCodes: string[] | undefined;
  for (const key of MANAGER_LIMITS) if (c.has(key)) next[key] = c.limit(key);
  if (c.has("max_email_quota")) next.max_email_quota = c.oneOf("max_email_quota", MANAGER_QUOTAS, 0);
  if (c.has("password") || c.has("password_confirmation")) c.password("password", "password_confirmation");
  if (body.domain_codes !== undefined) {
    const codes = body.domain_codes;
    const known = (x: unknown): x is string => typeof x === "string" && state.domains.has(x);
    if (Array.isArray(codes) && codes.every(known)) domainCodes = [...new Set(codes)];
    else c.fail("domain_codes", "invalid");
  }
  if (c.failures.length) return { failures: c.failures };
  const before = new Set(manager.domain_codes);
  Object.assign(manager, next, { updated_at: new Date().toISOString() });
  if (domainCodes) {
    manager.domain_codes = domainCodes;
    for (const code of before) {
      const d = state.domains.get(code);
      if (d && d.manager_code === manager.code) d.manager_code = null;
    }
    for (const code of domainCodes) state.domains.get(code)!.manager_code = manager.code;
  }
  return { ok: true };
}

/** The ownership record "exists" when the fake DNS table maps `<possession_a_record>.<name>` to the address. */
export function ownershipRecordExists(domain: DomainRecord, dns: Record<string, string>, address: string): boolean {
  const label = domain.possession_a_record;
  return typeof label === "string" && dns[`${label}.${domain.name}`.toLowerCase()] === address;
}

/** Ownership verified: `enabled`, with `ok` or the detail the simulator is set to (MX to fix). */
export function activate(domain: DomainRecord, detail = "ok"): void {
  const now = new Date().toISOString();
  Object.assign(domain, { status: "enabled", status_detail: detail, activated_at: now, updated_at: now });
}

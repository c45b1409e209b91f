// Plan gating of Qboxmail domain features, as Qboxmail's reference page states it (docs/upstream/qboxmail.md §2). A gated
// feature switched on for a plan that lacks it is a 422 upstream; we refuse it on the form.
import type { QboxPlan } from "./types";

export const QBOX_PLANS = ["basic", "professional", "enterprise"] as const satisfies readonly QboxPlan[];
const DEFAULT_PLAN: QboxPlan = "basic";

const PRO: readonly QboxPlan[] = ["professional", "enterprise"];
const ENTERPRISE: readonly QboxPlan[] = ["enterprise"];

export const PLAN_GATED_FIELDS = {
  chat: ENTERPRISE,
  meeting: ENTERPRISE,
  calendar: ENTERPRISE,
  block_old_password: ENTERPRISE,
  force_otp: ENTERPRISE,
  activesync: PRO,
  xmpp: PRO,
  dav: PRO,
  api_enabled: PRO,
  password_change_disabled: PRO,
  password_recovery_disabled: PRO,
  password_expiration: PRO,
  force_password_first_login: PRO,
} as const satisfies Record<string, readonly QboxPlan[]>;

export type PlanGatedField = keyof typeof PLAN_GATED_FIELDS;

export function planAllows(plan: QboxPlan | undefined, field: PlanGatedField): boolean {
  return (PLAN_GATED_FIELDS[field] as readonly QboxPlan[]).includes(plan ?? DEFAULT_PLAN);
}

/** Values that count as "not using the feature": false for switches, 0 (never) for password_expiration. */
export function isFeatureOff(value: unknown): boolean {
  return value === undefined || value === false || value === 0;
}

/** The cheapest plan of those a field is offered on: what the hint names (messages' `plan` select). */
export function lowestPlan(plans: readonly QboxPlan[]): QboxPlan {
  return plans[0] ?? "enterprise";
}

// Which ActiveSync settings of a form differ from grommunio's defaults: the order form marks them
// ("changed from default", docs/order-form.md). A setting left empty is not sent, so it keeps the
// default and is not marked; a value the schema refuses counts as changed (it is not the default).
import { SYNC_POLICY_FIELD_SCHEMAS, SYNC_POLICY_FIELDS } from "./sync-policy";

export function changedPolicySettings(policy: Record<string, unknown> | undefined): string[] {
  if (!policy) return [];
  return SYNC_POLICY_FIELDS.filter((field) => {
    const parsed = SYNC_POLICY_FIELD_SCHEMAS[field.key]?.safeParse(policy[field.key]);
    const value = parsed?.success ? parsed.data : policy[field.key];
    return value !== undefined && JSON.stringify(value) !== JSON.stringify(field.default);
  }).map((f) => f.key);
}

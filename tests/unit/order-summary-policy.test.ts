// A change order's page words a policy change: the settings it sets, and the ones it takes out of
// the domain's own policy (null: the provider's value applies again).
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { changeSummary } from "@/app/r/[slug]/orders/[id]/order-summary";
import en from "@/messages/en.json";

const t = createTranslator({ locale: "en", messages: en, namespace: "orderPage" }) as unknown as (
  key: string,
  values?: Record<string, string | number>,
) => string;
const describeField = (key: string, value: unknown) => ({ label: key, value: String(value) });
const policyOf = (syncPolicy: unknown) =>
  changeSummary(t, "change", { set: { syncPolicy } }, describeField).find((r) => r.label === "ActiveSync policy")
    ?.value;

describe("a change order's ActiveSync policy row", () => {
  it("counts the settings set and those taken out, never a taken-out one as set", () => {
    expect(policyOf({ allowwifi: 0 })).toBe("1 setting, 1 changed from the default");
    expect(policyOf({ allowbluetooth: null })).toBe("1 setting back to the provider's value");
    expect(policyOf({ allowwifi: 0, allowbluetooth: null, devpwenabled: null })).toBe(
      "1 setting, 1 changed from the default; 2 settings back to the provider's values",
    );
  });
});

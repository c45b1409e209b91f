// Usage against the reseller's limits, as text first ("3 of 100") with a bar for the eye. Usage is
// counted one past the limit only, so above it the page says "more than 100 of 100".
import { useTranslations } from "next-intl";
import { TitledSection } from "@/app/ui/titled-section";
import type { Usage } from "@/lib/dashboard/dashboard-data";

// lib/dashboard names the limits in English; the page shows them in the viewer's language.
const LABEL_KEYS: Record<string, "usageDomains" | "usageManagers" | "usageServers"> = {
  Domains: "usageDomains",
  "Qboxmail managers": "usageManagers",
  "grommunio servers": "usageServers",
};

export function UsageMeters({ usage }: { usage: Usage[] }) {
  const t = useTranslations("dashboard");
  return (
    <TitledSection
      id="usage-title"
      title={t("usage")}
      className="rounded-md border border-slate-200 bg-white p-4"
      headingClassName="mb-3"
    >
      <ul className="space-y-3">
        {usage.map((u) => {
          const share = u.max > 0 ? Math.min(u.used / u.max, 1) : 1;
          const tone = share >= 1 ? "bg-red-700" : share >= 0.8 ? "bg-amber-500" : "bg-blue-700";
          const id = `usage-${u.label.replace(/\W+/g, "-").toLowerCase()}`;
          return (
            <li key={u.label}>
              <div className="flex justify-between text-sm">
                <span id={id}>{LABEL_KEYS[u.label] ? t(LABEL_KEYS[u.label]!) : u.label}</span>
                <span className="font-medium">
                  {u.over ? t("overLimit", { max: u.max }) : t("usedOf", { used: u.used, max: u.max })}
                </span>
              </div>
              {/* biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot take the threshold colours reliably across browsers, so a styled bar carries the meter role */}
              <div
                role="meter"
                aria-labelledby={id}
                aria-valuemin={0}
                aria-valuemax={u.max}
                aria-valuenow={Math.min(u.used, u.max)}
                aria-valuetext={
                  u.over ? t("overLimitText", { max: u.max }) : t("usedOfText", { used: u.used, max: u.max })
                }
                className="mt-1 h-2 rounded bg-slate-200"
              >
                <div className={`h-2 rounded ${tone}`} style={{ width: `${share * 100}%` }} />
              </div>
            </li>
          );
        })}
      </ul>
    </TitledSection>
  );
}

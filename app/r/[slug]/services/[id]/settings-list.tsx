// A service's settings as read from the provider, one row per field (the provider's field names),
// values as plain text.
import { useTranslations } from "next-intl";

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "None";
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("hostname" in o) return `${String(o.hostname)} (ID ${String(o.ID)})`;
    return `${Object.keys(o).length} settings`;
  }
  return String(v);
}

export function SettingsList({ settings }: { settings: Record<string, unknown> }) {
  const t = useTranslations("services");
  const entries = Object.entries(settings);
  if (!entries.length) return <p className="text-sm text-slate-700">{t("nothingRead")}</p>;
  return (
    <dl className="grid gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-xs text-slate-700">{k}</dt>
          <dd className="break-all">{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

// A service's settings as read from the provider, one row per field: the order form's label and
// the value in the viewer's language (setting-text.ts).

import { useFormatter, useTranslations } from "next-intl";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { DATE_TIME } from "@/lib/i18n/formats";
import { type SettingWords, settingLabel, settingValue } from "./setting-text";

export function SettingsList({ kind, settings }: { kind: OrderKind; settings: Record<string, unknown> }) {
  const services = useTranslations("services");
  const fields = useTranslations("orderFields");
  const form = useTranslations("orderForm");
  const page = useTranslations("orderPage");
  const format = useFormatter();
  const words: SettingWords = {
    services,
    fields,
    form,
    page,
    number: (n, fractionDigits = 0) => format.number(n, { maximumFractionDigits: fractionDigits }),
    date: (d, what) => format.dateTime(d, what === "day" ? { dateStyle: "long", timeZone: "UTC" } : DATE_TIME),
  };
  const entries = Object.entries(settings);
  if (!entries.length) return <p className="text-sm text-slate-700">{services("nothingRead")}</p>;
  return (
    <dl className="grid gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-700">{settingLabel(words, kind, k)}</dt>
          <dd className="break-all" data-setting={k}>
            {settingValue(words, kind, k, v, settings)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

// A timestamp in the viewer's language and time zone (i18n/request.ts), in the portal's one
// date format (lib/i18n/formats.ts), with the exact ISO time for machines. Uses next-intl's hooks,
// so it renders the same on the server and in client components. Used by every console. The
// formatter is made once per language and zone and process (lib/i18n/date-time-format.ts).
import { useLocale, useTimeZone } from "next-intl";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";

export function TimeText({ at, className }: { at: Date | string | null | undefined; className?: string }) {
  const locale = useLocale();
  const timeZone = useTimeZone();
  if (!at) return <span className="text-slate-500">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} className={className}>
      {formatPortalDateTime(d, locale, timeZone)}
    </time>
  );
}

/** An age ("45 s", "12 min", "2.5 h"), its number in the viewer's language ("2,5 h" in Italian and German). */
export function formatAge(ms: number | null, formatNumber: (n: number) => string): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 120) return `${formatNumber(s)} s`;
  if (s < 7200) return `${formatNumber(Math.round(s / 60))} min`;
  return `${formatNumber(Math.round(s / 360) / 10)} h`;
}

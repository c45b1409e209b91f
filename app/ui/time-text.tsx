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
  return <PortalTime at={new Date(at)} locale={locale} timeZone={timeZone} className={className} />;
}

/**
 * The same element for a table that already read the language and zone once for all its rows:
 * no hooks per row.
 */
export function PortalTime({
  at,
  locale,
  timeZone,
  className,
}: {
  at: Date;
  locale: string;
  timeZone: string | undefined;
  className?: string;
}) {
  return (
    <time dateTime={at.toISOString()} className={className}>
      {formatPortalDateTime(at, locale, timeZone)}
    </time>
  );
}

export function formatAge(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

// A timestamp in the viewer's language and time zone (i18n/request.ts), in the portal's one
// date format (lib/i18n/formats.ts), with the exact ISO time for machines. Uses next-intl's hooks,
// so it renders the same on the server and in client components. Used by every console.
import { useFormatter } from "next-intl";
import { DATE_TIME } from "@/lib/i18n/formats";

export function TimeText({ at, className }: { at: Date | string | null | undefined; className?: string }) {
  const format = useFormatter();
  if (!at) return <span className="text-slate-500">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} className={className}>
      {format.dateTime(d, DATE_TIME)}
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

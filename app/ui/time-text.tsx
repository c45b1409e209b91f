// Timestamps people can read, in UTC and rendered on the server so server and client markup
// agree; the exact ISO time is in dateTime for machines and tooltips. Used by every console.
const fmt = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
});

export function formatTime(at: Date | string): string {
  return `${fmt.format(new Date(at))} UTC`;
}

export function TimeText({ at }: { at: Date | string | null | undefined }) {
  if (!at) return <span className="text-slate-500">—</span>;
  const d = new Date(at);
  return <time dateTime={d.toISOString()}>{formatTime(d)}</time>;
}

export function formatAge(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

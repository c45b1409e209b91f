// A timestamp people can read, with the exact ISO time for machines and tooltips. Rendered in UTC
// on the server so server and client markup agree.
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

export function TimeText({ at }: { at: Date | string }) {
  const d = new Date(at);
  return <time dateTime={d.toISOString()}>{formatTime(d)}</time>;
}

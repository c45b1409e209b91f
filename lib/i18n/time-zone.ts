// Time zones are IANA names ("Europe/Rome"). Anything the runtime's Intl does not know is refused,
// so a bad cookie or form value can never break date formatting on a page.

export const DEFAULT_TIME_ZONE = "UTC";

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Every zone the runtime knows, for the profile's picker. */
export function timeZoneNames(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/** The cookie the browser's own zone is written to until the user picks one in their profile. */
export const BROWSER_TIME_ZONE_COOKIE = "tz";

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * The instant a wall time without a zone ("2026-12-01T10:00", what a datetime-local box sends)
 * names in `timeZone`, or undefined when the text is not such a time. A time a clock change skips
 * or repeats is read with one of the two offsets around the change.
 */
export function wallTimeIn(text: string, timeZone: string): Date | undefined {
  const m = WALL_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((p) => Number(p ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? "0").padEnd(3, "0"));
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const offset = (at: number) => {
    const parts: Record<string, number> = {};
    for (const p of new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(at))
      parts[p.type] = Number(p.value);
    const part = (name: string) => parts[name] ?? 0;
    const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
    return wall - Math.floor(at / 1000) * 1000;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}

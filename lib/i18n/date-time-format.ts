// The portal's one date format (formats.ts DATE_TIME) as an Intl.DateTimeFormat per language and
// time zone, made once per process and reused: building one costs far more than formatting with
// it (time zone data, the pattern for the language), and next-intl's own formatter cache lives
// for one request only, so a list page built a new one on every request and looked it up once per
// row (docs/benchmarks/pages.md "Pages: the support list's rows"). The result is exactly what
// next-intl's `format.dateTime(d, DATE_TIME)` gives for the same language and zone.
import { DATE_TIME } from "./formats";

const formats = new Map<string, Intl.DateTimeFormat>();
// Languages × zones seen by one process stay few; the cap only guards against a flood of odd zones.
const MAX_FORMATS = 500;

export function portalDateTimeFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = new Intl.DateTimeFormat(locale, timeZone ? { ...DATE_TIME, timeZone } : DATE_TIME);
    formats.set(key, format);
  }
  return format;
}

/** The instant as the portal shows it; an invalid date as its text (as next-intl falls back). */
export function formatPortalDateTime(at: Date, locale: string, timeZone: string | undefined): string {
  if (Number.isNaN(at.getTime())) return String(at);
  return portalDateTimeFormat(locale, timeZone).format(at);
}

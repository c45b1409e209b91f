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

// One date format for every table, timeline and chart (docs/i18n.md): day, short month, year and
// time to the second, in the viewer's language and time zone, with the zone's short name so a
// time copied into a ticket still says which zone it was in.
export const DATE_TIME = {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
} as const;

/**
 * The time of something just done on the page ("Checked at 10:42:07"): to the second, so that
 * pressing a button again shows a new time even when the answer is the same.
 */
export const TIME_ONLY = { hour: "2-digit", minute: "2-digit", second: "2-digit" } as const;

/** Chart axes and daily figures: the day only. */
export const DATE_ONLY = { year: "numeric", month: "short", day: "2-digit" } as const;

/**
 * A share as a percentage that never claims more than it is: rounded down to one decimal, so
 * 99.96 % shows as 99.9 %, never 100 %, and only a true 100 % shows as 100 %.
 */
export function floorShare(share: number): number {
  if (!Number.isFinite(share) || share <= 0) return 0;
  if (share >= 1) return 1;
  return Math.floor(share * 1000) / 1000;
}

/** Options for percent formatting of floorShare()'s result: up to one decimal. */
export const PERCENT = { style: "percent", maximumFractionDigits: 1 } as const;

// A row's version as an editor saw it, so a save made on an old copy is refused instead of
// writing that copy's values back over someone else's newer save (customers, resellers). The
// version is the row's `updated_at`, kept to the millisecond.

/**
 * The versions an editor names: a form's hidden field (an ISO time), the API's ETag value
 * (milliseconds), a Date, or several of them (an If-Match that lists several). What cannot be
 * read names none, so a save carrying it is refused as made on an old copy.
 */
export function readRowVersions(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(readRowVersions);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? [] : [value.getTime()];
  if (typeof value === "number") return Number.isSafeInteger(value) ? [value] : [];
  if (typeof value !== "string") return [];
  const t = value.trim();
  if (/^\d{1,16}$/.test(t)) return [Number(t)];
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(t)) return [];
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? [] : [ms];
}

/**
 * The version a save writes: now, and always later than the one it replaces, even within its
 * millisecond, so two saves never share a version and the next check can tell them apart.
 */
export function nextRowVersion(replaced: Date): Date {
  return new Date(Math.max(Date.now(), replaced.getTime() + 1));
}

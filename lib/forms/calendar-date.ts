// A day as an <input type="date"> sends it. JavaScript's Date.parse accepts days that do not
// exist ("2024-02-31" rolls over to 2 March) and year 0, which Postgres refuses in a timestamptz
// and grommunio's database (MariaDB DATE) fails on, so a day is checked against the calendar.

/** YYYY-MM-DD that exists on the calendar, in the years 1000–9999 (what MariaDB's DATE holds). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

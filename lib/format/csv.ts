// CSV for the order exports (docs/security.md "CSV export"): RFC 4180 quoting, and cells a
// spreadsheet would run as formulas defused. Shared by the support and reseller exports.

// What a spreadsheet runs as a formula when a cell starts with it (OWASP's list).
const FORMULA_START = /^[=+\-@\t\r]/;
// The same after any character a spreadsheet may split cells on: "," and ";" (the separator in
// many European locales, where Excel splits a comma file differently), tab and line breaks.
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(\s*)(?=[=+\-@])/g;

/**
 * A cell: numbers as they are; every text cell quoted (RFC 4180), with an apostrophe in front of
 * any formula start, at the beginning or after a separator, so no locale's split makes it run.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  let s = value.replace(FORMULA_AFTER_SEPARATOR, "$1$2'");
  if (FORMULA_START.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(cells: Array<string | number | null>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The UTF-8 byte order mark: without it Excel reads the file as the locale's code page ("bÃ¼cher"). */
export const UTF8_BOM = "\uFEFF";

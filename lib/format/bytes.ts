// Human sizes for quota selects and order summaries. Binary multiples (1 GB = 1024^3 bytes)
// because that is how both upstreams label their quota values ("1073741824 = 1 GB").

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** 52428800 → "50 MB", 1073741824 → "1 GB", 1610612736 → "1.5 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${UNITS[unit]}`;
}

/** Select options for a list of byte values, in the given order. */
export function byteOptions(values: readonly number[]): { value: number; label: string }[] {
  return values.map((value) => ({ value, label: formatBytes(value) }));
}

/** The number and unit formatBytes() would show, for formatting the number per language (a message's `{value, number} {unit}`). */
export function bytesParts(bytes: number): { value: number; unit: string } {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return { value: Math.round(value * 10) / 10, unit: UNITS[unit]! };
}

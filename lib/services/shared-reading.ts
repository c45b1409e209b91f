// Readings of the provider that many page views ask for and that change slowly, kept for a while
// per process: views at the same moment share one call, and later views reuse its answer while
// it is younger than the age the caller accepts (so one caller may ask for a fresher reading than
// another). Only answers that `keep` accepts are kept; a failed reading is dropped once it
// settles, so the next view asks again.

type Entry = { at: number; value: Promise<unknown> };

declare global {
  // On globalThis so that every copy of this module in the process (one per route bundle) shares it.
  var providerReadings: Map<string, Entry> | undefined;
}

function entries(): Map<string, Entry> {
  globalThis.providerReadings ??= new Map();
  return globalThis.providerReadings;
}

export function sharedReading<T>(
  key: string,
  maxAgeMs: number,
  read: () => Promise<T>,
  keep: (v: T) => boolean,
): Promise<T> {
  const map = entries();
  const now = Date.now();
  const hit = map.get(key);
  if (hit && now - hit.at < maxAgeMs) return hit.value as Promise<T>;
  const value = read();
  const entry: Entry = { at: now, value };
  map.set(key, entry);
  value.then(
    (v) => {
      if (!keep(v) && map.get(key) === entry) map.delete(key);
    },
    () => {
      if (map.get(key) === entry) map.delete(key);
    },
  );
  return value;
}

/** Forgets every kept reading (a test starting from a known state). */
export function forgetSharedReadings(): void {
  globalThis.providerReadings?.clear();
}

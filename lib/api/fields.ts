// How a record becomes one of the documented API shapes (docs/api.md "Requests and answers"):
// exactly the fields the shape lists, in its order (a page's row often carries more, which the
// contract does not include), and every date as an ISO 8601 string in UTC.

/** A field's JSON value: a Date becomes its ISO string (`Date | null` gives `string | null`). */
type JsonValue<V> = V extends Date ? string : V;

export type ApiFields<T, K extends keyof T> = { [P in K]: JsonValue<T[P]> };

export function apiFields<T, const K extends keyof T>(source: T, keys: readonly K[]): ApiFields<T, K> {
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) {
    const value = source[key];
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out as ApiFields<T, K>;
}

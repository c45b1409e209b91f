// For a table that repeats the same few words on every row (a status, a kind): each distinct key
// is looked up once per render instead of once per row (docs/benchmarks.md "Pages: the support
// list's rows").
export function oncePerKey<T>(lookup: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as T;
    const value = lookup(key);
    seen.set(key, value);
    return value;
  };
}

// Runs an async function over a list with at most `limit` calls in flight, keeping the list's
// order in the answer. For work that calls a provider once per item from a page, so a long list
// does not send the provider (whose rate limits the workers share) all its calls at once.

export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

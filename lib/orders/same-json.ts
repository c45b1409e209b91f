// Whether two JSON values are the same, key order aside: a stored payload comes back from jsonb
// with its keys in jsonb's order, not the order a request gave them. Used to tell a repeated
// request from another one sent with the same idempotency key (place-order.ts, place-change.ts).

/** The value as JSON text with every object's keys sorted. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

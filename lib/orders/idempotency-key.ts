// The idempotency key an order, a change or a purge is placed with: the web forms carry one in a
// hidden field, the API in its Idempotency-Key header (docs/api.md). Anything else is a form
// that expired or was made by hand, and is refused before a query: Postgres refuses U+0000.
import { hasControlChars } from "@/lib/forms/control-chars";

/** The key trimmed, or undefined when it is not 8–100 characters of text without control characters. */
export function usableIdempotencyKey(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const key = raw.trim();
  if (key.length < 8 || key.length > 100 || hasControlChars(key)) return undefined;
  return key;
}

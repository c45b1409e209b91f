// The customer list's cursor: the last name of a page (customers are listed by name, a name is
// unique per reseller), as base64url of its UTF-8. A name is at most 120 characters of at most 4
// bytes each, so a cursor is at most 640 characters.
import { hasControlChars } from "@/lib/forms/control-chars";

export const CUSTOMER_CURSOR_MAX = 640;

export const toCustomerCursor = (name: string) => Buffer.from(name, "utf8").toString("base64url");

/**
 * The name a cursor holds, or undefined for one no page answered: not base64url, bytes that are not
 * UTF-8 (they would not encode back to the same cursor), or control characters. Read as "from the
 * top", such a cursor would send a client paging through the list round it forever.
 */
export function fromCustomerCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const name = Buffer.from(cursor, "base64url").toString("utf8");
  if (!name || toCustomerCursor(name) !== cursor || hasControlChars(name)) return undefined;
  return name;
}

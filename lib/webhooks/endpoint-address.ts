// What may be shown or recorded of a webhook endpoint's URL beyond its owner's own pages: its
// scheme and host. Receivers often carry their token in the path (chat services' incoming hooks)
// or the query, and the audit log keeps what it records for good.

/** An endpoint's scheme and host (no user info, path, query or fragment); "" for what is no URL. */
export function endpointAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "";
  }
}

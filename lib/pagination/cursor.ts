// Keyset cursors for (created_at DESC, id DESC) lists: opaque to the browser, checked on the way
// back in, never an OFFSET (docs/design.md#budgets: deep pages must cost what the first page costs).
export type Cursor = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`, "utf8").toString("base64url");
}

/** A tampered or stale cursor yields undefined: the list starts again from the top. */
export function decodeCursor(raw: string | undefined | null): Cursor | undefined {
  if (!raw) return undefined;
  const [iso, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime()) || !id || !UUID.test(id)) return undefined;
  return { at, id };
}

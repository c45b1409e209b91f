// Keyset cursor for (created_at DESC, id DESC) order lists: "<ms in base 36>_<uuid>". Opaque
// to people; a malformed one starts the list from the top instead of failing the page.
export type OrderCursor = { at: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeOrderCursor(c: OrderCursor): string {
  return `${c.at.getTime().toString(36)}_${c.id}`;
}

export function decodeOrderCursor(raw: string | undefined | null): OrderCursor | undefined {
  const m = raw ? /^([0-9a-z]{1,12})_(.{36})$/.exec(raw) : null;
  if (!m?.[1] || !m[2] || !UUID.test(m[2])) return undefined;
  const at = new Date(parseInt(m[1], 36));
  return Number.isNaN(at.getTime()) ? undefined : { at, id: m[2] };
}

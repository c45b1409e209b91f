// "Is this name already taken?" before an order is submitted (docs/order-form.md): first this
// portal (orders of the same kind in any state but cancelled), then the upstream with a
// read-only lookup. The reseller's own order comes back with its id for a link;
// another reseller's order only as "in use", never with its details.
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";
import { toIdnaAscii } from "@/lib/forms/idna";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { type UpstreamPresence, upstreamPresence } from "@/lib/upstream/read-only-lookup";

export type NameCheck = {
  /** The key compared: IDNA ASCII for domains, lower case for e-mail addresses and host names. */
  key: string;
  own: { orderId: string; status: OrderStatus; displayName: string } | null;
  /** Ordered through this portal by another reseller. */
  inUseElsewhere: boolean;
  upstream: UpstreamPresence | "not-checked";
};

/** The natural key a name would get, or null when it is not a valid name yet (the form says why). */
export function nameKey(kind: OrderKind, raw: string): string | null {
  const name = raw.trim();
  if (!name || name.length > 320 || hasControlChars(name)) return null;
  if (kind === "grommunio_domain" || kind === "qboxmail_domain") {
    // The form insists on lower-case Unicode; the check compares either way.
    const idna = toIdnaAscii(name.toLowerCase(), { maxLength: 253 });
    return idna.ok ? idna.ascii.toLowerCase() : null;
  }
  if (kind === "qboxmail_manager") {
    // A manager's address keeps its natural key's form: the domain after "@" in IDNA ASCII, as the
    // order's e-mail rule stores it ("anna@münchen.de" is "anna@xn--mnchen-3ya.de").
    const at = name.lastIndexOf("@");
    if (at > 0 && /\P{ASCII}/u.test(name.slice(at + 1))) {
      const idna = toIdnaAscii(name.slice(at + 1).toLowerCase(), { maxLength: 253 });
      return idna.ok ? `${name.slice(0, at)}@${idna.ascii}`.toLowerCase() : null;
    }
  }
  return name.toLowerCase();
}

type Lookup = (kind: OrderKind, key: string) => Promise<UpstreamPresence>;

export async function checkOrderName(
  resellerId: string,
  kind: OrderKind,
  raw: string,
  lookup: Lookup = upstreamPresence,
): Promise<NameCheck | null> {
  const key = nameKey(kind, raw);
  if (!key) return null;
  const named = { naturalKey: key, kind, status: { not: "cancelled" as const } };
  // The reseller's own newest order first, however many other resellers' orders are newer.
  const mine = await db().order.findFirst({
    where: { ...named, resellerId },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, displayName: true },
  });
  const own = mine ? { orderId: mine.id, status: mine.status, displayName: mine.displayName } : null;
  const inUseElsewhere =
    !mine &&
    (await db().order.findFirst({ where: { ...named, resellerId: { not: resellerId } }, select: { id: true } })) !==
      null;
  // Already known here: no need to ask the upstream (and no call for every keystroke of a known name).
  const upstream = own || inUseElsewhere ? "not-checked" : await lookup(kind, key);
  return { key, own, inUseElsewhere, upstream };
}

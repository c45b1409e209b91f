// The audit log as support browses it: filters by actor, reseller, order, action and
// time, newest first, keyset on the id (a bigserial, so id order is insertion order); filtered by
// time alone, newest first by time (see listAuditEvents).
import { z } from "zod";
import { orderChainKey } from "@/lib/audit/chain-key";
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";
import type { Prisma } from "@/lib/generated/prisma/client";
import { wallTimeIn } from "@/lib/i18n/time-zone";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional()).catch(undefined);
// A time JavaScript reads but Postgres does not (year 0, "-000100-…") is ignored as well.
const dateTime = z.string().refine((s) => {
  const at = Date.parse(s);
  if (Number.isNaN(at)) return false;
  const year = new Date(at).getUTCFullYear();
  return year >= 1000 && year <= 9999;
});
// A filter with control characters (a hand-edited address) is ignored, as on the other lists:
// no actor or action holds one, and Postgres refuses U+0000 in a query.
const typed = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControlChars(s));

const auditFiltersSchema = z.object({
  actor: opt(typed(320)),
  resellerId: opt(z.uuid()),
  orderId: opt(z.uuid()),
  action: opt(typed(100)),
  from: opt(dateTime),
  to: opt(dateTime),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return auditFiltersSchema.parse(
    Object.fromEntries(Object.keys(auditFiltersSchema.shape).map((k) => [k, first(params[k])])),
  );
}

/**
 * The filters with "From" and "Until" as instants. They come from datetime-local boxes, wall times
 * without a zone: they are read in the viewer's zone, the one the table shows times in (on the
 * server a bare time would be read in the server's zone), and "Until 10:00" takes in the whole
 * minute, as the table shows it. A time with its own zone or offset is taken as it is. The page
 * keeps the typed filters for its boxes and links.
 */
export function auditFiltersIn(f: AuditFilters, timeZone: string): AuditFilters {
  const instant = (text: string | undefined, wholeMinute: boolean) => {
    const at = text === undefined ? undefined : wallTimeIn(text, timeZone);
    if (!at || !text) return text;
    const minuteOnly = /T\d{2}:\d{2}$/.test(text);
    return new Date(at.getTime() + (wholeMinute && minuteOnly ? 59_999 : 0)).toISOString();
  };
  return { ...f, from: instant(f.from, false), to: instant(f.to, true) };
}

export type AuditRow = {
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  resellerId: string | null;
  orderId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  chainKey: string;
  chainSeq: number;
  /** Names for people: the reseller's name and the order's display name, when the row has them. */
  resellerName: string | null;
  orderName: string | null;
};

export async function listAuditEvents(
  viewer: Viewer,
  f: AuditFilters,
  opts: { cursor?: string | null; limit?: number } = {},
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  assertStaff(viewer);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const where: Prisma.AuditEventWhereInput = {};
  if (f.actor) {
    // People are filtered by e-mail; workers and the system by their id as shown in the log.
    if (f.actor.includes("@")) {
      const user = await db().user.findUnique({ where: { email: f.actor.toLowerCase() }, select: { id: true } });
      where.actorId = user?.id ?? f.actor;
    } else where.actorId = f.actor;
  }
  if (f.resellerId) where.resellerId = f.resellerId;
  if (f.orderId) {
    where.chainKey = orderChainKey(f.orderId);
    where.orderId = f.orderId;
  }
  // A trailing dot ("order.") asks for every action under that prefix.
  if (f.action) where.action = f.action.endsWith(".") ? { startsWith: f.action } : f.action;
  const cursor = opts.cursor && /^\d{1,18}$/.test(opts.cursor) ? BigInt(opts.cursor) : undefined;
  const bound = f.to ? new Date(f.to) : undefined;
  let to = bound;
  // With only a time bound to go by, newest first means by time: the index on `at` is walked back
  // from the bound and the walk stops at the page's end. By id, Postgres walked the primary key
  // from the newest row past every row later than the bound (0.3–1.7 s at 2 M rows for a bound
  // far back; docs/benchmarks/pages.md "The support audit list by time"). The cursor is still a row's id;
  // `at` is stored to the millisecond, so the cursor row's time read back is exact.
  const byTime = bound !== undefined && !f.actor && !f.resellerId && !f.orderId && !f.action;
  if (byTime && cursor !== undefined) {
    const last = await db().auditEvent.findUnique({ where: { id: cursor }, select: { at: true } });
    if (last) {
      // The walk starts at the cursor's time (earlier than the bound once past the first page);
      // the OR only filters the rows it reads.
      if (last.at < bound) to = last.at;
      where.OR = [{ at: { lt: last.at } }, { at: last.at, id: { lt: cursor } }];
    }
  } else if (cursor !== undefined) where.id = { lt: cursor };
  if (f.from || to) where.at = { ...(f.from ? { gte: new Date(f.from) } : {}), ...(to ? { lte: to } : {}) };
  const rows = await db().auditEvent.findMany({
    where,
    orderBy: byTime ? [{ at: "desc" }, { id: "desc" }] : { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const names = await namesFor(page);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actorType: r.actorType,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      resellerId: r.resellerId,
      orderId: r.orderId,
      action: r.action,
      before: r.before,
      after: r.after,
      reason: r.reason,
      chainKey: r.chainKey,
      chainSeq: r.chainSeq,
      resellerName: (r.resellerId && names.resellers.get(r.resellerId)) || null,
      orderName: (r.orderId && names.orders.get(r.orderId)) || null,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** Two keyed reads for a page of rows, so the log names resellers and orders, not bare ids. */
async function namesFor(rows: Array<{ resellerId: string | null; orderId: string | null }>) {
  const ids = (pick: (r: (typeof rows)[number]) => string | null) => [
    ...new Set(rows.map(pick).filter((v): v is string => v !== null)),
  ];
  const [resellers, orders] = await Promise.all([
    db().reseller.findMany({ where: { id: { in: ids((r) => r.resellerId) } }, select: { id: true, name: true } }),
    db().order.findMany({ where: { id: { in: ids((r) => r.orderId) } }, select: { id: true, displayName: true } }),
  ]);
  return {
    resellers: new Map(resellers.map((r) => [r.id, r.name])),
    orders: new Map(orders.map((o) => [o.id, o.displayName])),
  };
}

export async function lastAuditVerification(viewer: Viewer) {
  assertStaff(viewer);
  const v = await db().auditVerification.findFirst({ orderBy: { id: "desc" } });
  return v && { ...v, id: v.id.toString(), firstBrokenId: v.firstBrokenId?.toString() ?? null };
}

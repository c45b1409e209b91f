// The drift check's inventory (lib/services/drift.ts): every resource of one kind as its provider
// lists it now, read a page at a time with a pause between pages (bounded rate). A list that cannot
// be read to its end is a failure, never a shorter inventory: what a partial list left out would
// be reported "missing" (docs/lifecycle.md "Drift check").
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import { upstreamClients } from "@/lib/upstream/clients";
import type { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { repeatsPreviousPage } from "@/lib/upstream/list-paging";
import type { QboxmailClient } from "@/lib/upstream/qboxmail/client";

export type Item = Record<string, unknown>;
/**
 * `notFound`: the list's first page answered 404. Qboxmail may say so of an empty list, and so
 * would a list route it does not have; the caller decides which it can be.
 */
export type Inventory = { ok: true; items: Map<string, Item>; notFound?: true } | { ok: false; message: string };
export type PagingOptions = { perPage: number; maxPages: number; pauseMs: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tooLong = (o: PagingOptions): Inventory => ({
  ok: false,
  message: portalText("driftListTooLong", { pages: o.maxPages }),
});

export async function inventory(kind: OrderKind, o: PagingOptions): Promise<Inventory> {
  const c = upstreamClients();
  if (kind === "grommunio_domain" || kind === "grommunio_server") {
    if (!c.grommunio) return { ok: false, message: portalText("driftNotConfigured", { provider: "grommunio" }) };
    return grommunioInventory(c.grommunio, kind === "grommunio_domain" ? "domains" : "servers", o);
  }
  if (!c.qboxmail) return { ok: false, message: portalText("driftNotConfigured", { provider: "Qboxmail" }) };
  return qboxmailInventory(c.qboxmail, kind === "qboxmail_domain" ? "domains" : "managers", o);
}

/** Pages 1, 2, … to an empty page, the last the pagination block announces, or a repeated page. */
async function qboxmailInventory(
  client: QboxmailClient,
  what: "domains" | "managers",
  o: PagingOptions,
): Promise<Inventory> {
  const items = new Map<string, Item>();
  let previousFirst: string | undefined;
  for (let page = 1; page <= o.maxPages; page++) {
    if (page > 1) await sleep(o.pauseMs);
    const r = await client.listPage(what, page, o.perPage, previousFirst);
    if (!r.ok) return r;
    if (r.end === "repeat") {
      // The list ignores `page` and answers its first page to every request, so that page is all
      // it will ever show. More items than asked: it ignores `per` too and showed everything;
      // fewer: the list is shorter than a page. Exactly as many: it may be cut at `per`, and what
      // lies past it cannot be read, so the kind is skipped rather than the rest called missing.
      if (r.items.length === o.perPage) return { ok: false, message: portalText("driftPagesRepeat") };
      return { ok: true, items };
    }
    if (r.notFound && page === 1) return { ok: true, items, notFound: true };
    for (const it of r.items) items.set(String(it.code), it);
    if (r.end === "last") return { ok: true, items };
    previousFirst = String(r.items[0]?.code);
  }
  return tooLong(o);
}

/** Offsets 0, … to an empty page or the row count grommunio announces. */
async function grommunioInventory(
  client: GrommunioClient,
  what: "domains" | "servers",
  o: PagingOptions,
): Promise<Inventory> {
  const items = new Map<string, Item>();
  let offset = 0;
  let previousFirst: string | undefined;
  for (let page = 0; page < o.maxPages; page++) {
    if (page > 0) await sleep(o.pauseMs);
    const r = await client.listPage(what, offset, o.perPage);
    if (!r.ok) return r;
    const first = r.items[0] === undefined ? undefined : String(r.items[0].ID);
    // The first page again while `count` says there are more rows: the list ignores `offset`
    // (lib/upstream/list-paging.ts), so the rows past that page cannot be read.
    if (repeatsPreviousPage(first, previousFirst)) {
      // Without `count` a first page not filled to what was asked was the whole list (read on only
      // because nothing said so), as the Qboxmail reading above takes a short repeated page.
      if (r.total === Number.POSITIVE_INFINITY && r.received !== o.perPage) return { ok: true, items };
      return { ok: false, message: portalText("driftOffsetsRepeat") };
    }
    for (const it of r.items) items.set(String(it.ID), it);
    // On by what came rather than by what was asked: a list that caps `limit` below the request
    // is still read whole (it was taken to end at its first short page).
    offset += r.received;
    if (r.received === 0 || offset >= r.total) return { ok: true, items };
    previousFirst = first;
  }
  return tooLong(o);
}

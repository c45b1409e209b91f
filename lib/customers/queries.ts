// Reads of a reseller's customers. Every query is scoped by resellerId inside the where clause
// (docs/design.md invariant 7), so a wrong id yields nothing rather than another tenant's row.

import { db, Prisma, sqlRows } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";
import { cleanTextKeys, textKeysetPage, textKeysetQuery } from "@/lib/pagination/text-keyset";
import { containsText } from "@/lib/search/like-pattern";

export type CustomerRow = { id: string; name: string; email: string | null; reference: string | null; createdAt: Date };

const CUSTOMER_PAGE_SIZE = 50;

/** The customers a search matches (name or reference, case-insensitively), always one reseller's. */
function customerWhere(resellerId: string, q: string | undefined) {
  // Typed text with control characters matches no stored name and Postgres refuses U+0000:
  // such a search (from a hand-edited address) is ignored (lib/forms/control-chars.ts).
  const search = searchText(q);
  return {
    resellerId,
    ...(search
      ? {
          OR: [{ name: containsText(search) }, { reference: containsText(search) }],
        }
      : {}),
  };
}

/**
 * Customers by name, keyset-paginated on the (reseller_id, name) unique index: `after` is the
 * last name of the previous page, `before` the first name of the next one (the "previous" link,
 * read backwards and turned round). `q` matches name or reference, case-insensitively.
 */
export async function listCustomers(
  resellerId: string,
  {
    q,
    after,
    before,
    limit = CUSTOMER_PAGE_SIZE,
  }: { q?: string; after?: string; before?: string; limit?: number } = {},
): Promise<{ rows: CustomerRow[]; nextAfter?: string; prevBefore?: string }> {
  const keys = cleanTextKeys({ after, before });
  const { bound, order } = textKeysetQuery(keys);
  const rows = await db().customer.findMany({
    where: { ...customerWhere(resellerId, q), ...(bound ? { name: bound } : {}) },
    orderBy: { name: order },
    take: limit + 1,
    select: { id: true, name: true, email: true, reference: true, createdAt: true },
  });
  return textKeysetPage(rows, (c) => c.name, limit, keys);
}

/** How many customers match, counted up to `cap` + 1 (the list shows "more than" beyond). */
export async function countCustomers(resellerId: string, q: string | undefined, cap = 10_000): Promise<number> {
  return db().customer.count({ where: customerWhere(resellerId, q), take: cap + 1 });
}

export async function getCustomer(resellerId: string, id: string) {
  if (!isUuid(id)) return null;
  return db().customer.findFirst({
    where: { id, resellerId },
    select: { id: true, name: true, email: true, reference: true, notes: true, createdAt: true, updatedAt: true },
  });
}

/** How many customers a select lists (the order form's, the lists' filters); beyond, a search. */
const CUSTOMER_OPTIONS = 1000;
/** How many customers one page of a customer search offers. */
const CUSTOMER_PICKER_PAGE = 50;

type CustomerOption = { value: string; label: string };

const firstByName = (resellerId: string, take: number) =>
  db().customer.findMany({ where: { resellerId }, orderBy: { name: "asc" }, select: { id: true, name: true }, take });

/** Whether the reseller has more than `n` customers: a count that stops at the (n + 1)th. */
async function hasMoreCustomersThan(resellerId: string, n: number): Promise<boolean> {
  const [row] = await sqlRows<{ more: boolean }>(
    Prisma.sql`SELECT count(*) > ${n} AS more FROM (SELECT 1 FROM customer WHERE reseller_id = ${resellerId}::uuid LIMIT ${n + 1}) c`,
  );
  return row?.more ?? false;
}

/** The customer `id` names if it is this reseller's (an id from a link or a filter), else null. */
async function namedCustomer(resellerId: string, id: string | undefined) {
  if (!id || !isUuid(id)) return null;
  return db().customer.findFirst({ where: { id, resellerId }, select: { id: true, name: true } });
}

/** `rows` as options, with the customer `include` names after them if it is this reseller's and not among them. */
async function withNamed(resellerId: string, rows: { id: string; name: string }[], include: string | undefined) {
  const named = rows.some((r) => r.id === include) ? null : await namedCustomer(resellerId, include);
  return [...rows, ...(named ? [named] : [])].map((r) => ({ value: r.id, label: r.name }));
}

/**
 * A customer choice (the order form's customer, the orders' and services' customer filters): a
 * select of every customer while there are at most CUSTOMER_OPTIONS; beyond that a search
 * (customerPickerPage), starting on `include` (the customer a link or filter names) if it is this
 * reseller's, so every customer can be ordered for and filtered by however many there are.
 */
export async function customerChoices(
  resellerId: string,
  include?: string,
): Promise<{ searchable: boolean; options: CustomerOption[] }> {
  // Asked first, from the index alone: a large reseller's lists would otherwise read and drop the
  // first 1,001 customers on every view.
  if (await hasMoreCustomersThan(resellerId, CUSTOMER_OPTIONS)) {
    return { searchable: true, options: await withNamed(resellerId, [], include) };
  }
  return {
    searchable: false,
    options: await withNamed(resellerId, await firstByName(resellerId, CUSTOMER_OPTIONS), include),
  };
}

/**
 * One page of a customer search (the order form's, the lists' filters): the customers whose name
 * or reference holds `q` (any case), by name, after the name `after`; each labelled by its name,
 * with its reference.
 */
export async function customerPickerPage(resellerId: string, { q, after }: { q?: string; after?: string }) {
  const page = await listCustomers(resellerId, { q, after, limit: CUSTOMER_PICKER_PAGE });
  return {
    options: page.rows.map((c) => ({ value: c.id, label: c.name, ...(c.reference ? { detail: c.reference } : {}) })),
    next: page.nextAfter ?? null,
  };
}

/** A malformed id in a URL must read as "not found", not as a database error. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

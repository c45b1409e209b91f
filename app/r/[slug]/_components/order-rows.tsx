"use client";
// The reseller's order rows, drawn from compact data, as on the support list
// (app/support/_components/order-rows.tsx, which says why): the server table (orders-table.tsx)
// translates and formats what a row shows and sends each row as a few values, the words every
// row repeats once per table. The HTML the server renders is the same as before.
import Link from "next/link";
import type { ReactNode } from "react";
import { TD_CLASS } from "@/app/ui/table";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const NAME_CELL = `${TD_CLASS} break-all`;
const KIND_CELL = `${TD_CLASS} whitespace-nowrap hidden md:table-cell`;
const CUSTOMER_CELL = `${TD_CLASS} hidden sm:table-cell`;
const REF_CELL = `${TD_CLASS} font-mono text-xs hidden md:table-cell`;
const TIME_CELL = `${TD_CLASS} text-xs`;

/** One row as the server prepared it. */
export type ResellerRowData = {
  id: string;
  displayName: string;
  /** The IDNA ASCII form when it differs from the name shown, else null. */
  asciiName: string | null;
  kind: string;
  status: string;
  customer: { id: string; name: string } | null;
  upstreamRef: string | null;
  createdIso: string;
  createdText: string;
};

/** What every row repeats, sent once. */
export type ResellerRowWords = {
  noneYet: string;
  statusWord: Record<string, string>;
  statusClass: Record<string, string>;
  kindWord: Record<string, string>;
};

type Props = {
  slug: string;
  rows: ResellerRowData[];
  words: ResellerRowWords;
  /** The orders' sentences, rendered by the server, by row id; a row without one shows its kind on a phone. */
  sentences: Record<string, ReactNode>;
  showCustomer: boolean;
};

export function ResellerOrderRows({ slug, rows, words, sentences, showCustomer }: Props) {
  return rows.map((o) => (
    <tr key={o.id}>
      <td className={NAME_CELL}>
        <Link
          className="font-medium text-blue-800 underline-offset-2 hover:underline"
          href={`/r/${slug}/orders/${o.id}`}
        >
          {o.displayName}
        </Link>
        {o.asciiName ? <span className="block font-mono text-xs text-slate-600">{o.asciiName}</span> : null}
        {sentences[o.id] ?? <span className="block text-xs text-slate-600 md:hidden">{words.kindWord[o.kind]}</span>}
      </td>
      <td className={KIND_CELL}>{words.kindWord[o.kind]}</td>
      <td className={CELL}>
        <span className={words.statusClass[o.status]}>{words.statusWord[o.status]}</span>
      </td>
      {showCustomer ? (
        <td className={CUSTOMER_CELL}>
          {o.customer ? (
            <Link
              className="text-blue-800 underline-offset-2 hover:underline"
              href={`/r/${slug}/customers/${o.customer.id}`}
            >
              {o.customer.name}
            </Link>
          ) : null}
        </td>
      ) : null}
      <td className={REF_CELL}>
        {o.upstreamRef ?? (
          <span className="text-slate-500">
            <span aria-hidden="true">—</span>
            <span className="sr-only">{words.noneYet}</span>
          </span>
        )}
      </td>
      <td className={TIME_CELL}>
        <time dateTime={o.createdIso}>{o.createdText}</time>
      </td>
    </tr>
  ));
}

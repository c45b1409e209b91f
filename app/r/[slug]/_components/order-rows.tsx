"use client";
// The reseller's order rows, drawn from compact data, as on the support list
// (app/support/_components/order-rows.tsx, which says why): the server table (orders-table.tsx)
// translates and formats what a row shows and sends each row as a few values, the words and
// classes every row repeats once per table. The HTML the server renders is the same as before.
import Link from "next/link";
import type { ReactNode } from "react";

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
  classes: { cell: string; name: string; kind: string; customer: string; ref: string; time: string };
};

export function ResellerOrderRows({ slug, rows, words, sentences, showCustomer, classes }: Props) {
  return rows.map((o) => (
    <tr key={o.id}>
      <td className={classes.name}>
        <Link
          className="font-medium text-blue-800 underline-offset-2 hover:underline"
          href={`/r/${slug}/orders/${o.id}`}
        >
          {o.displayName}
        </Link>
        {o.asciiName ? <span className="block font-mono text-xs text-slate-600">{o.asciiName}</span> : null}
        {sentences[o.id] ?? <span className="block text-xs text-slate-600 md:hidden">{words.kindWord[o.kind]}</span>}
      </td>
      <td className={classes.kind}>{words.kindWord[o.kind]}</td>
      <td className={classes.cell}>
        <span className={words.statusClass[o.status]}>{words.statusWord[o.status]}</span>
      </td>
      {showCustomer ? (
        <td className={classes.customer}>
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
      <td className={classes.ref}>
        {o.upstreamRef ?? (
          <span className="text-slate-500">
            <span aria-hidden="true">—</span>
            <span className="sr-only">{words.noneYet}</span>
          </span>
        )}
      </td>
      <td className={classes.time}>
        <time dateTime={o.createdIso}>{o.createdText}</time>
      </td>
    </tr>
  ));
}

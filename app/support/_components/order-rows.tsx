"use client";
// The support list's rows, drawn from compact data. The server table (orders-table.tsx) looks up
// and formats everything a row shows (its words, its time, its last error) and sends each row as
// a few values; the words and labels every row repeats are sent once per table.
//
// Why a client component: a server component's rows reach the browser twice, as HTML and again as
// the page's data (each element with all its classes and labels, then escaped into a script), and
// inlining that data was about a fifth of the web's CPU on this page. From here the data holds
// one short record per row; the HTML the server renders is the same as before
// (docs/benchmarks/pages.md "Pages: the rows as data").
import Link from "next/link";
import type { ReactNode } from "react";
import { TD_CLASS } from "@/app/ui/table";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const ORDER_CELL = `${TD_CLASS} break-all`;
const CREATED_CELL = `${TD_CLASS} sm:whitespace-nowrap`;
const ERROR_CELL = `${TD_CLASS} text-xs text-slate-700 sm:max-w-xs sm:truncate`;

/** One row as the server prepared it: every text already translated and formatted. */
export type SupportRowData = {
  id: string;
  /** "<id>:<version>" of a failed row, ticked for bulk retry; null when the row cannot be. */
  retryValue: string | null;
  selectLabel: string | null;
  displayName: string;
  /** "ref …" in the viewer's language, or null. */
  refText: string | null;
  status: string;
  kind: string;
  resellerName: string;
  customerName: string;
  createdIso: string;
  createdText: string;
  /** The last error as plain text (the cell's title), or null. */
  errorTitle: string | null;
};

/** What every row repeats, sent once: column names, and the word and badge classes per key. */
export type SupportRowWords = {
  col: { order: string; status: string; kind: string; reseller: string; created: string; lastError: string };
  statusWord: Record<string, string>;
  statusClass: Record<string, string>;
  kindWord: Record<string, string>;
};

type Props = {
  rows: SupportRowData[];
  words: SupportRowWords;
  /** The last errors, rendered by the server (translated, the provider's words labelled), by row id. */
  errors: Record<string, ReactNode>;
  selectable: boolean;
};

export function SupportOrderRows({ rows, words, errors, selectable }: Props) {
  const { col } = words;
  return rows.map((r) => (
    <tr key={r.id} data-order-id={r.id}>
      {selectable ? (
        <td className={CELL}>
          {r.retryValue ? (
            <input
              type="checkbox"
              name="items"
              value={r.retryValue}
              aria-label={r.selectLabel ?? undefined}
              className="h-4 w-4"
            />
          ) : null}
        </td>
      ) : null}
      <td className={ORDER_CELL} data-label={col.order}>
        <Link href={`/support/orders/${r.id}`} className="font-medium text-blue-800 hover:underline">
          {r.displayName}
        </Link>
        {r.refText ? <div className="text-xs text-slate-600">{r.refText}</div> : null}
      </td>
      <td className={CELL} data-label={col.status}>
        <span className={words.statusClass[r.status]}>{words.statusWord[r.status]}</span>
      </td>
      <td className={CELL} data-label={col.kind}>
        {words.kindWord[r.kind]}
      </td>
      <td className={CELL} data-label={col.reseller}>
        {r.resellerName}
        <div className="text-xs text-slate-600">{r.customerName}</div>
      </td>
      <td className={CREATED_CELL} data-label={col.created}>
        <time dateTime={r.createdIso}>{r.createdText}</time>
      </td>
      <td className={ERROR_CELL} data-label={col.lastError} title={r.errorTitle ?? undefined}>
        {errors[r.id] ?? ""}
      </td>
    </tr>
  ));
}

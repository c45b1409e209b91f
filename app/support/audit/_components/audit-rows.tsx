"use client";
// The support audit list's rows, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): the server table (audit-table.tsx) translates
// and formats what a row shows, including its before/after as the JSON text shown, and sends each
// row as a few values, the words every row repeats once per table. The HTML the server renders is
// the same as before.
import Link from "next/link";
import { TD_CLASS } from "@/app/ui/table";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const MONO_CELL = `${TD_CLASS} font-mono text-xs`;
const WHEN_CELL = `${TD_CLASS} sm:whitespace-nowrap`;
const SMALL_CELL = `${TD_CLASS} text-xs`;

/** One row as the server prepared it: every text already translated and formatted. */
export type AuditRowData = {
  id: string;
  atIso: string;
  atText: string;
  actorType: string;
  /** The actor's label or id under its type, or null. */
  actor: string | null;
  action: string;
  order: { id: string; text: string } | null;
  reseller: { id: string; text: string } | null;
  reason: string;
  /** The row's before and after, as the JSON text the details show. */
  details: string;
};

/** What every row repeats, sent once: the column names (a stacked row's labels on a phone) and the words. */
export type AuditRowWords = {
  colId: string;
  colWhen: string;
  colActor: string;
  colAction: string;
  colSubject: string;
  colReason: string;
  colDetails: string;
  beforeAfter: string;
  actorTypeWord: Record<string, string>;
};

export function AuditRows({ rows, words: w }: { rows: AuditRowData[]; words: AuditRowWords }) {
  return rows.map((r) => (
    <tr key={r.id}>
      <td className={MONO_CELL} data-label={w.colId}>
        {r.id}
      </td>
      <td className={WHEN_CELL} data-label={w.colWhen}>
        <time dateTime={r.atIso}>{r.atText}</time>
      </td>
      <td className={CELL} data-label={w.colActor}>
        {w.actorTypeWord[r.actorType]}
        {r.actor !== null ? <div className="break-all text-xs text-slate-600">{r.actor}</div> : null}
      </td>
      <td className={MONO_CELL} data-label={w.colAction}>
        {r.action}
      </td>
      <td className={SMALL_CELL} data-label={w.colSubject}>
        {r.order ? (
          <Link className="break-all text-blue-800 hover:underline" href={`/support/orders/${r.order.id}`}>
            {r.order.text}
          </Link>
        ) : null}
        {r.reseller ? (
          <div>
            <Link className="text-blue-800 hover:underline" href={`/support/audit?resellerId=${r.reseller.id}`}>
              {r.reseller.text}
            </Link>
          </div>
        ) : null}
      </td>
      <td className={SMALL_CELL} data-label={w.colReason}>
        {r.reason}
      </td>
      <td className={CELL} data-label={w.colDetails}>
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-slate-700">{w.beforeAfter}</summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs">{r.details}</pre>
        </details>
      </td>
    </tr>
  ));
}

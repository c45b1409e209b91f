"use client";
// The support audit list's rows, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): the server table (audit-table.tsx) translates
// and formats what a row shows and sends each row as a few values, the words every row repeats
// once per table; the before/after is drawn by the console's JsonView. The HTML the server renders
// is the same as before.
import Link from "next/link";
import { TD_CLASS } from "@/app/ui/table";
import { JsonView } from "../../_components/json-view";

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
  /** The row's before and after, as stored (allow-listed when written). */
  details: { before: unknown; after: unknown };
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
        <JsonView label={w.beforeAfter} value={r.details} />
      </td>
    </tr>
  ));
}

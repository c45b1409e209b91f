"use client";
// The reseller's service rows, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): the server table (services-table.tsx)
// translates and formats what a row shows and sends each row as a few values, the words every
// row repeats once per table. The HTML the server renders is the same as before.
import Link from "next/link";
import { TD_CLASS } from "@/app/ui/table";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const NAME_CELL = `${TD_CLASS} break-all`;
const NOWRAP_CELL = `${TD_CLASS} sm:whitespace-nowrap`;
const REF_CELL = `${TD_CLASS} break-all font-mono text-xs`;

/** One row as the server prepared it. */
export type ServiceRowData = {
  id: string;
  displayName: string;
  kind: string;
  /** Key of the state's word and badge classes in ServiceRowWords. */
  stateKey: string;
  customer: { id: string; name: string } | null;
  upstreamRef: string;
  /** When the upstream state was last read, or null when never. */
  readIso: string | null;
  readText: string | null;
};

/** What every row repeats, sent once: the column names (a stacked row's labels on a phone) and the words. */
export type ServiceRowWords = {
  colName: string;
  colKind: string;
  colState: string;
  colCustomer: string;
  colRef: string;
  colLastRead: string;
  notYet: string;
  kindWord: Record<string, string>;
  stateWord: Record<string, string>;
  stateClass: Record<string, string>;
};

type Props = { slug: string; rows: ServiceRowData[]; words: ServiceRowWords; showCustomer: boolean };

export function ServiceRows({ slug, rows, words: w, showCustomer }: Props) {
  return rows.map((s) => (
    <tr key={s.id}>
      <td className={NAME_CELL} data-label={w.colName}>
        <Link
          className="font-medium text-blue-800 underline-offset-2 hover:underline"
          href={`/r/${slug}/services/${s.id}`}
        >
          {s.displayName}
        </Link>
      </td>
      <td className={NOWRAP_CELL} data-label={w.colKind}>
        {w.kindWord[s.kind]}
      </td>
      <td className={CELL} data-label={w.colState}>
        <span className={w.stateClass[s.stateKey]}>{w.stateWord[s.stateKey]}</span>
      </td>
      {showCustomer ? (
        <td className={CELL} data-label={w.colCustomer}>
          {s.customer ? (
            <Link
              className="text-blue-800 underline-offset-2 hover:underline"
              href={`/r/${slug}/customers/${s.customer.id}`}
            >
              {s.customer.name}
            </Link>
          ) : null}
        </td>
      ) : null}
      <td className={REF_CELL} data-label={w.colRef}>
        {s.upstreamRef}
      </td>
      <td className={NOWRAP_CELL} data-label={w.colLastRead}>
        {s.readIso ? <time dateTime={s.readIso}>{s.readText}</time> : w.notYet}
      </td>
    </tr>
  ));
}

"use client";
// The reseller's customer rows, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): each row goes to the browser as its three
// values, the column names (a stacked row's labels on a phone) once per table. The HTML the
// server renders is the same as before.
import Link from "next/link";
import { TD_CLASS } from "@/app/ui/table";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const EMAIL_CELL = `${TD_CLASS} break-all`;

export type CustomerRowData = { id: string; name: string; email: string; reference: string };
export type CustomerRowWords = { colName: string; colEmail: string; colReference: string };

type Props = { base: string; rows: CustomerRowData[]; words: CustomerRowWords };

export function CustomerRows({ base, rows, words: w }: Props) {
  return rows.map((c) => (
    <tr key={c.id}>
      <td className={CELL} data-label={w.colName}>
        <Link className="font-medium text-blue-800 underline-offset-2 hover:underline" href={`${base}/${c.id}`}>
          {c.name}
        </Link>
      </td>
      <td className={EMAIL_CELL} data-label={w.colEmail}>
        {c.email}
      </td>
      <td className={CELL} data-label={w.colReference}>
        {c.reference}
      </td>
    </tr>
  ));
}

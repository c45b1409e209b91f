"use client";
// The open drift findings' rows, drawn from compact data, as the order tables' rows are
// (app/support/_components/order-rows.tsx says why): the server table (finding-table.tsx)
// translates and formats what a row shows and sends each row as a few values, the words every
// row repeats once per table. Each row's actions are a FindingForm.
import Link from "next/link";
import { TD_CLASS } from "@/app/ui/table";
import { FindingForm, type FindingFormLabels } from "./finding-form";

// The cells' classes: constants of this component, so they travel in its code, not in each page.
const CELL = `${TD_CLASS} `;
const SINCE_CELL = `${TD_CLASS} whitespace-nowrap`;

/** One finding as the server prepared it: every text already translated and formatted. */
export type FindingRowData = {
  id: string;
  naturalKey: string;
  /** The kind's word, or the stored kind when the portal does not name it. */
  kind: string;
  upstreamRef: string;
  serviceId: string | null;
  type: string;
  /** The type's words, or the stored type. */
  typeText: string;
  /** The differences a changed resource showed, in words, or "". */
  differences: string;
  /** The token of the details shown (lib/services/drift-seen.ts), which a dismissal carries. */
  seen: string;
  sinceIso: string;
  sinceText: string;
  /** An unowned resource's adoption link name for screen readers ("Adopt shop.example…"), else "". */
  adoptLabel: string;
  /** A missing resource's confirmations: what marking it gone and re-creating it do; else null. */
  consequences: { gone: string; recreate: string } | null;
};

/** What every row repeats, sent once: the column names (a stacked row's labels on a phone) and the words. */
export type FindingRowWords = {
  colResource: string;
  colDifference: string;
  colSince: string;
  colAct: string;
  service: string;
  form: FindingFormLabels;
};

export function FindingRows({ rows, words: w }: { rows: FindingRowData[]; words: FindingRowWords }) {
  return rows.map((f) => (
    <tr key={f.id}>
      <td className={CELL} data-label={w.colResource}>
        <span className="font-medium">{f.naturalKey}</span>
        <span className="block font-mono text-xs">
          {f.kind} {f.upstreamRef}
        </span>
        {f.serviceId ? (
          // Not prefetched: a page of findings holds up to 100 such links, each a service page to
          // render, and the service of a finding may be gone by the time it is read.
          <Link className="text-xs text-blue-800 underline" href={`/support/services/${f.serviceId}`} prefetch={false}>
            {w.service}
          </Link>
        ) : null}
      </td>
      <td className={CELL} data-label={w.colDifference}>
        {f.typeText}
        {f.differences ? <span className="block text-xs">{f.differences}</span> : null}
      </td>
      <td className={SINCE_CELL} data-label={w.colSince}>
        <time dateTime={f.sinceIso}>{f.sinceText}</time>
      </td>
      <td className={CELL} data-label={w.colAct}>
        <FindingForm
          findingId={f.id}
          seen={f.seen}
          type={f.type}
          adopt={f.adoptLabel ? { href: `/support/drift/${f.id}`, label: f.adoptLabel } : null}
          consequences={f.consequences}
          labels={w.form}
        />
      </td>
    </tr>
  ));
}

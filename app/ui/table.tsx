// A data table. On a narrow screen a `stacked` table shows each row as a card, every cell under
// its column's name (the Td's `label`), so nothing needs sideways scrolling; other tables scroll
// sideways instead of squashing their columns. The caption names the table for screen readers
// (visually hidden unless asked).
import { useTranslations } from "next-intl";
import type { ComponentProps, ReactNode } from "react";

type TableProps = { caption: ReactNode; showCaption?: boolean; stacked?: boolean; children: ReactNode };

// The cells' labels are styled here, once per table, not on every cell: a support list of 50 rows
// carried the same 150 characters of classes on each of its 300 cells, twice (HTML and the page's
// data), which the server rendered and compressed on every request (docs/benchmarks/pages.md "Pages:
// the cells' classes once per table").
// Written out in full: Tailwind finds the classes it generates by reading the source.
const STACKED =
  "max-sm:[&_thead]:sr-only max-sm:[&_tbody]:block max-sm:[&_tr]:block max-sm:[&_tr]:border-b " +
  "max-sm:[&_tr]:border-slate-200 max-sm:[&_tr]:py-2 max-sm:[&_td]:block max-sm:[&_td]:py-1 " +
  "max-sm:[&_td[data-label]]:before:block max-sm:[&_td[data-label]]:before:text-xs " +
  "max-sm:[&_td[data-label]]:before:font-semibold max-sm:[&_td[data-label]]:before:text-slate-600 " +
  "max-sm:[&_td[data-label]]:before:content-[attr(data-label)]";

export function Table({ caption, showCaption = false, stacked = false, children }: TableProps) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className={`min-w-full divide-y divide-slate-200 text-left text-sm ${stacked ? STACKED : ""}`}>
        <caption className={showCaption ? "px-3 py-2 text-left font-medium" : "sr-only"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...rest }: ComponentProps<"th">) {
  return <th scope="col" className={`bg-slate-50 px-3 py-2 font-semibold text-slate-700 ${className}`} {...rest} />;
}

/** A cell's own classes; a long list writes its rows' cells as plain `td`s with these (no component per cell). */
export const TD_CLASS = "px-3 py-2 align-top";

/** `label`: the column's name, shown before the value when a stacked table is read on a phone. */
export function Td({ className = "", label, ...rest }: ComponentProps<"td"> & { label?: string }) {
  return <td className={`${TD_CLASS} ${className}`} data-label={label} {...rest} />;
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-6 text-center text-slate-600">
        {children}
      </td>
    </tr>
  );
}

/**
 * The header row: one column per name, plus a last column for each row's buttons when
 * `actions` is set (it has no visible heading; screen readers hear common.actions, "Actions", in
 * the person's language).
 */
export function TableHead({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  const t = useTranslations("common");
  return (
    <thead>
      <tr>
        {columns.map((name) => (
          <Th key={name}>{name}</Th>
        ))}
        {actions ? (
          <Th>
            <span className="sr-only">{t("actions")}</span>
          </Th>
        ) : null}
      </tr>
    </thead>
  );
}

// A data table that scrolls sideways on a narrow screen instead of squashing its columns.
// The caption names the table for screen readers (visually hidden unless asked).
import type { ComponentProps, ReactNode } from "react";

type TableProps = { caption: ReactNode; showCaption?: boolean; children: ReactNode };

export function Table({ caption, showCaption = false, children }: TableProps) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <caption className={showCaption ? "px-3 py-2 text-left font-medium" : "sr-only"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...rest }: ComponentProps<"th">) {
  return <th scope="col" className={`bg-slate-50 px-3 py-2 font-semibold text-slate-700 ${className}`} {...rest} />;
}

export function Td({ className = "", ...rest }: ComponentProps<"td">) {
  return <td className={`px-3 py-2 align-top ${className}`} {...rest} />;
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

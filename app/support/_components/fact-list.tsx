// An order's or a service's facts as support reads them: label and value pairs in a grid.
import type { ReactNode } from "react";

export function FactList({
  facts,
  className = "",
}: {
  facts: ReadonlyArray<readonly [string, ReactNode]>;
  className?: string;
}) {
  return (
    <dl
      className={`grid grid-cols-1 gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2 ${className}`.trim()}
    >
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt className="text-slate-600">{k}</dt>
          <dd className="font-medium">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

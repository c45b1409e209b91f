// A secret shown once, right after it was created (an API token, a webhook signing secret): only
// a hash or the encrypted value is kept, so this panel is the one chance to copy it. Focusing the
// field selects the whole value for copying.
import type { ReactNode } from "react";
import { Input } from "@/app/ui/field";

export function ShownOnce({
  id,
  title,
  label,
  value,
  children,
}: {
  id: string;
  title: ReactNode;
  label: ReactNode;
  value: string;
  /** What to do next (a link to the new record). */
  children?: ReactNode;
}) {
  return (
    <div role="status" className="rounded-md border-2 border-green-700 bg-green-50 p-4 text-sm text-green-950">
      <p className="font-semibold">{title}</p>
      <label htmlFor={id} className="mt-2 block font-medium">
        {label}
      </label>
      <Input id={id} readOnly value={value} className="mt-1 font-mono" onFocus={(e) => e.target.select()} />
      {children}
    </div>
  );
}

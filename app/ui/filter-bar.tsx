// The filter bar above a list: a GET form (every filtered view is a URL to share, reload or
// export), its fields, and Apply plus, once something is filtered, Clear back to the bare list.
import type { ReactNode } from "react";
import { Button, ButtonLink } from "./button";

type Props = {
  /** Names the search landmark for screen readers. */
  label: string;
  /** The list's own address: the form's target and where Clear leads. */
  action: string;
  /** The button labels, in the page's language. */
  apply: string;
  clear: string;
  filtered: boolean;
  children: ReactNode;
};

export function FilterBar({ label, action, apply, clear, filtered, children }: Props) {
  return (
    <search aria-label={label}>
      <form
        action={action}
        className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
      >
        {children}
        <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
          <Button type="submit" variant="secondary">
            {apply}
          </Button>
          {filtered ? (
            <ButtonLink href={action} variant="ghost">
              {clear}
            </ButtonLink>
          ) : null}
        </div>
      </form>
    </search>
  );
}

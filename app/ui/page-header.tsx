// The title row of a page: heading, optional description and actions that wrap on a phone.
import type { ReactNode } from "react";

type Props = {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /**
   * Gives the heading this id and lets a script focus it: where focus goes when a form's own
   * answer removes it (app/ui/use-submit-action.ts), so it is not lost to the page's body.
   */
  titleId?: string;
};

export function PageHeader({ title, description, actions, titleId }: Props) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 id={titleId} tabIndex={titleId ? -1 : undefined} className="text-2xl font-semibold text-slate-900">
          {title}
        </h1>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

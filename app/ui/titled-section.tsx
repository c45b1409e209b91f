// A page section under its own h2, named by that heading for screen readers (landmark lists and
// heading navigation both find it). The page sets the section's frame and the heading's gap.
import type { ReactNode } from "react";

export function TitledSection({
  id,
  title,
  className,
  headingClassName = "",
  children,
}: {
  /** The heading's id, unique on the page. */
  id: string;
  title: ReactNode;
  className?: string;
  /** Space below the heading when the section does not space its children itself. */
  headingClassName?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className={`text-lg font-semibold ${headingClassName}`.trim()}>
        {title}
      </h2>
      {children}
    </section>
  );
}

// Keyset pagination links: "first page" and "next page" only. There is no page count or
// "last page" on purpose: counting a table of a million rows per page view is what keyset
// pagination avoids.
import Link from "next/link";
import { buttonClass } from "./button";

type Props = { firstHref?: string; nextHref?: string; label?: string };

export function CursorPagination({ firstHref, nextHref, label = "Pagination" }: Props) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 py-3">
      {firstHref ? (
        <Link className={buttonClass("secondary")} href={firstHref}>
          First page
        </Link>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Link className={buttonClass("secondary")} href={nextHref} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

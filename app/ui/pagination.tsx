// Keyset pagination links: first, previous and next. There is no page count or "last page" on
// purpose: counting a table of a million rows per page view is what keyset pagination avoids.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "./button";

/**
 * `label` names the list it pages ("Customer pages"); without it, pagination.label in the person's
 * language. `words` name the links where the list's order says more than "next" (a log newest
 * first: "Newer", "Older"); without them, the pagination words.
 */
type Props = {
  firstHref?: string;
  prevHref?: string;
  nextHref?: string;
  label?: string;
  words?: { first: string; previous: string; next: string };
};

export function CursorPagination({ firstHref, prevHref, nextHref, label, words }: Props) {
  const t = useTranslations("pagination");
  if (!firstHref && !prevHref && !nextHref) return null;
  return (
    <nav aria-label={label ?? t("label")} className="flex flex-wrap items-center justify-between gap-2 py-3">
      <div className="flex flex-wrap gap-2">
        {firstHref ? (
          <Link className={buttonClass("secondary")} href={firstHref}>
            {words?.first ?? t("first")}
          </Link>
        ) : null}
        {prevHref ? (
          <Link className={buttonClass("secondary")} href={prevHref} rel="prev">
            {words?.previous ?? t("previous")}
          </Link>
        ) : null}
      </div>
      {nextHref ? (
        <Link className={buttonClass("secondary")} href={nextHref} rel="next">
          {words?.next ?? t("next")}
        </Link>
      ) : null}
    </nav>
  );
}

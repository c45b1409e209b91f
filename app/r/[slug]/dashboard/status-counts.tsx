// Orders by status, each a link to the order list filtered on that status. Counts stop at
// STATUS_COUNT_CAP ("more than 1,000"); the list a count links to counts further.

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { TitledSection } from "@/app/ui/titled-section";
import { STATUS_COUNT_CAP } from "@/lib/dashboard/dashboard-data";

const SHOWN = ["queued", "provisioning", "retrying", "unknown", "held", "pending", "succeeded", "failed", "cancelled"];

export function StatusCounts({ slug, byStatus }: { slug: string; byStatus: Record<string, number> }) {
  const t = useTranslations("dashboard");
  const statuses = useTranslations("status");
  const format = useFormatter();
  return (
    <TitledSection id="status-counts-title" title={t("byStatus")} headingClassName="mb-2">
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {SHOWN.map((status) => (
          <li key={status}>
            <Link
              href={`/r/${slug}/orders?status=${status}`}
              className="block rounded-md border border-slate-200 bg-white p-3 hover:border-blue-700 focus-visible:outline-2 focus-visible:outline-blue-700"
            >
              <span className="block text-xs text-slate-700">{statuses(status)}</span>
              <span className="block text-2xl font-semibold" data-testid={`status-count-${status}`}>
                {(byStatus[status] ?? 0) > STATUS_COUNT_CAP
                  ? t("countMore", { count: STATUS_COUNT_CAP })
                  : format.number(byStatus[status] ?? 0)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </TitledSection>
  );
}

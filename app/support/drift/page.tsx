import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { oneParam, type SearchParams } from "@/lib/pagination/list-address";
import { countOpenFindings, FINDINGS_COUNT_CAP, lastDriftRun, listOpenFindings } from "@/lib/services/drift-reads";
import { SupportNav } from "../_components/support-nav";
import { FindingTable } from "./_components/finding-table";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportDrift"))("metaTitle") };
}

const BASE = "/support/drift";

export default async function DriftPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireRole("support", "admin");
  const sp = await searchParams;
  const cursor = oneParam(sp, "cursor")?.slice(0, 200);
  const before = oneParam(sp, "before")?.slice(0, 200);
  const [page, total, run, t, portalTexts] = await Promise.all([
    listOpenFindings(viewer, { cursor, before }),
    countOpenFindings(viewer),
    lastDriftRun(viewer),
    getTranslations("supportDrift"),
    getTranslations("portalTexts"),
  ]);
  return (
    <main id="main">
      <SupportNav role={viewer.role} current="/support/drift" />
      <PageHeader title={t("title")} description={t("description")} />
      <p className="mb-4 text-sm">
        {run ? (
          <>
            {t.rich(run.finishedAt ? "lastRunDone" : "lastRunRunning", {
              when: () => <TimeText at={run.startedAt} />,
              scanned: run.scanned,
              found: run.found,
            })}
            {run.message
              ? t("couldNotList", {
                  // One problem per line, each a portal text worded in the viewer's language.
                  message: run.message
                    .split("\n")
                    .map((line) => portalTextIn(line, portalTexts))
                    .join("; "),
                })
              : ""}
            .
          </>
        ) : (
          t("noRun")
        )}
      </p>
      <p className="mb-2 text-sm text-slate-700" data-testid="findings-total">
        {total > FINDINGS_COUNT_CAP ? t("totalCapped", { count: FINDINGS_COUNT_CAP }) : t("total", { count: total })}
      </p>
      <FindingTable findings={page.rows} />
      <CursorPagination
        label={t("pagesLabel")}
        firstHref={cursor || before ? BASE : undefined}
        prevHref={page.prevCursor ? `${BASE}?before=${page.prevCursor}` : undefined}
        nextHref={page.nextCursor ? `${BASE}?cursor=${page.nextCursor}` : undefined}
      />
    </main>
  );
}

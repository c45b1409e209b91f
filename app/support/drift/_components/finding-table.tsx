// The open drift findings' table. As on the other long lists, the words every row repeats are
// looked up once per table and the rows go to the browser as compact data drawn by FindingRows
// (finding-rows.tsx) rather than as elements (docs/benchmarks/pages.md "Pages: the drift findings").
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { orderKinds } from "@/lib/orders/schemas";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { readDifference } from "@/lib/services/drift-changes";
import { findingSeen } from "@/lib/services/drift-seen";
import { type FindingRowData, FindingRows, type FindingRowWords } from "./finding-rows";

const TYPE_KEY = { missing: "typeMissing", changed: "typeChanged", unowned: "typeUnowned" } as const;
const isFindingType = (type: string): type is keyof typeof TYPE_KEY => type in TYPE_KEY;
/** Whether a re-create of this kind gets a new password (its order kind has a secret field). */
const newPassword = (kind: string) => isOrderKindValue(kind) && orderKinds[kind].secretFields.length > 0;

type Finding = {
  id: string;
  kind: string;
  naturalKey: string;
  upstreamRef: string;
  serviceId: string | null;
  type: string;
  details: unknown;
  detectedAt: Date;
};

export function FindingTable({ findings }: { findings: readonly Finding[] }) {
  const t = useTranslations("supportDrift");
  const kinds = useTranslations("kinds");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const words: FindingRowWords = {
    colResource: t("resource"),
    colDifference: t("difference"),
    colSince: t("since"),
    colAct: t("act"),
    service: t("service"),
    // The client form gets its words from here, so the console's texts never reach a reseller's browser.
    form: {
      adoptLink: t("adoptLink"),
      recreate: t("recreate"),
      recreateHint: t("recreateHint"),
      markGone: t("markGone"),
      reason: t("actionReason"),
      dismiss: t("dismiss"),
      keep: t("keep"),
      goneYes: t("goneYes"),
      recreateYes: t("recreateYes"),
    },
  };
  // A stored difference is English; its facts (the upstream's field name and both values) are shown as they are.
  const differenceWords = (text: string) => {
    const d = readDifference(text);
    return d ? t("differenceLine", d) : text;
  };
  const rows = findings.map((f): FindingRowData => {
    const details = f.details as { differences?: string[]; restoredAfterService?: string } | null;
    // A restored domain's row says so; a changed one lists its differences.
    const differences = details?.restoredAfterService
      ? t("restoredAfterDelete")
      : (details?.differences ?? []).map(differenceWords).join("; ");
    return {
      id: f.id,
      naturalKey: f.naturalKey,
      kind: isOrderKindValue(f.kind) ? kinds(f.kind) : f.kind,
      upstreamRef: f.upstreamRef,
      serviceId: f.serviceId,
      type: f.type,
      typeText: isFindingType(f.type) ? t(TYPE_KEY[f.type]) : f.type,
      differences,
      seen: findingSeen(f.details),
      sinceIso: f.detectedAt.toISOString(),
      sinceText: formatPortalDateTime(f.detectedAt, locale, timeZone),
      adoptLabel: f.type === "unowned" ? t("adoptLinkLabel", { name: f.naturalKey }) : "",
      // A Qboxmail domain's postmaster or a manager is ordered again with a new random password
      // nobody sees (lib/services/drift-recreate.ts): the confirmation says so.
      consequences:
        f.type === "missing"
          ? {
              gone: t("goneConfirm", { name: f.naturalKey }),
              recreate: t(newPassword(f.kind) ? "recreateConfirmPassword" : "recreateConfirm", {
                name: f.naturalKey,
              }),
            }
          : null,
    };
  });
  return (
    <Table caption={t("caption")} stacked>
      <thead>
        <tr>
          <Th>{words.colResource}</Th>
          <Th>{words.colDifference}</Th>
          <Th>{words.colSince}</Th>
          <Th>{words.colAct}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={4}>{t("none")}</EmptyRow> : null}
        <FindingRows rows={rows} words={words} />
      </tbody>
    </Table>
  );
}

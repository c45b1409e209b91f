// The support audit list's table. The words every row repeats are looked up once per table, and
// the rows go to the browser as compact data drawn by AuditRows (audit-rows.tsx) rather than as
// elements (docs/benchmarks/pages.md "Pages: the rows as data", "Pages: the other lists' rows as data").
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import type { AuditRow } from "@/lib/support/audit-query";
import { type AuditRowData, AuditRows, type AuditRowWords } from "./audit-rows";

const ACTOR_TYPES = new Set(["user", "worker", "system"]);

export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  const t = useTranslations("audit");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const words: AuditRowWords = {
    colId: t("colId"),
    colWhen: t("colWhen"),
    colActor: t("colActor"),
    colAction: t("colAction"),
    colSubject: t("colSubject"),
    colReason: t("colReason"),
    colDetails: t("colDetails"),
    beforeAfter: t("beforeAfter"),
    actorTypeWord: {},
  };
  const data = rows.map((r): AuditRowData => {
    // An actor type the portal does not name (none today) is shown as stored.
    words.actorTypeWord[r.actorType] ??= ACTOR_TYPES.has(r.actorType)
      ? t(`actorTypes.${r.actorType as "user" | "worker" | "system"}`)
      : r.actorType;
    const at = new Date(r.at);
    return {
      id: r.id,
      atIso: at.toISOString(),
      atText: formatPortalDateTime(at, locale, timeZone),
      actorType: r.actorType,
      actor: r.actorLabel || r.actorId ? (r.actorLabel ?? r.actorId ?? "") : null,
      action: r.action,
      order: r.orderId ? { id: r.orderId, text: t("orderLink", { name: r.orderName ?? r.orderId.slice(0, 8) }) } : null,
      reseller: r.resellerId
        ? { id: r.resellerId, text: t("resellerLink", { name: r.resellerName ?? r.resellerId.slice(0, 8) }) }
        : null,
      reason: r.reason ?? "",
      details: { before: r.before, after: r.after },
    };
  });
  return (
    <Table caption={t("caption")} stacked>
      <thead>
        <tr>
          <Th>{words.colId}</Th>
          <Th>{words.colWhen}</Th>
          <Th>{words.colActor}</Th>
          <Th>{words.colAction}</Th>
          <Th>{words.colSubject}</Th>
          <Th>{words.colReason}</Th>
          <Th>{words.colDetails}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={7}>{t("empty")}</EmptyRow> : null}
        <AuditRows rows={data} words={words} />
      </tbody>
    </Table>
  );
}

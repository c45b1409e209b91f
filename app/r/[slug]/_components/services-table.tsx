// The reseller's service rows, shared by the services list and a customer's page. As on the order
// tables, the words every row repeats are looked up once per table, and the rows go to the browser
// as compact data drawn by ServiceRows (service-rows.tsx) rather than as elements
// (docs/benchmarks/pages.md "Pages: the rows as data", "Pages: the other lists' rows as data").

import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { Badge, type BadgeTone, badgeClass } from "@/app/ui/badge";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { isUpstreamState, type UpstreamState } from "@/lib/services/upstream-state";
import { type ServiceRowData, ServiceRows, type ServiceRowWords } from "./service-rows";

export type ServiceTableRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  upstreamRef: string;
  upstreamState: string | null;
  readAt: Date | null;
  customer?: { id: string; name: string } | null;
};

const TONES: Record<UpstreamState, BadgeTone> = {
  active: "success",
  active_mx_to_fix: "warning",
  ownership_check: "warning",
  suspended: "warning",
  disabled: "warning",
  soft_deleted: "neutral",
  deleting: "neutral",
  missing: "danger",
  in_progress: "info",
};

type Translate = ReturnType<typeof useTranslations<"services">>;

/** The badge of a service's last read state: its word and tone; a deleted or gone service says so instead. */
export function upstreamStateBadge(
  t: Translate,
  state: string | null,
  status?: string,
): { label: string; tone: BadgeTone } {
  if (status === "deleted") return { label: t("deleted"), tone: "neutral" };
  if (status === "gone") return { label: t("markedGone"), tone: "neutral" };
  if (!state) return { label: t("states.notRead"), tone: "neutral" };
  return isUpstreamState(state)
    ? { label: t(`states.${state}`), tone: TONES[state] }
    : { label: state, tone: "neutral" };
}

export function UpstreamStateBadge({ state, status }: { state: string | null; status?: string }) {
  const { label, tone } = upstreamStateBadge(useTranslations("services"), state, status);
  return <Badge tone={tone}>{label}</Badge>;
}

type Props = { slug: string; rows: readonly ServiceTableRow[]; caption: string; showCustomer?: boolean; empty: string };

export function ServicesTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const t = useTranslations("services");
  const kinds = useTranslations("kinds");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const cols = showCustomer ? 6 : 5;
  const words: ServiceRowWords = {
    colName: t("colName"),
    colKind: t("colKind"),
    colState: t("colState"),
    colCustomer: t("colCustomer"),
    colRef: t("colRef"),
    colLastRead: t("colLastRead"),
    notYet: t("notYet"),
    kindWord: {},
    stateWord: {},
    stateClass: {},
  };
  const data = rows.map((s): ServiceRowData => {
    words.kindWord[s.kind] ??= isOrderKindValue(s.kind) ? kinds(s.kind) : s.kind;
    // A deleted or gone service shows that, whatever its last read state was.
    const stateKey =
      s.status === "deleted" || s.status === "gone" ? `status:${s.status}` : `state:${s.upstreamState ?? ""}`;
    if (!(stateKey in words.stateWord)) {
      const badge = upstreamStateBadge(t, s.upstreamState, s.status);
      words.stateWord[stateKey] = badge.label;
      words.stateClass[stateKey] = badgeClass(badge.tone);
    }
    const read = s.readAt ? new Date(s.readAt) : null;
    return {
      id: s.id,
      displayName: s.displayName,
      kind: s.kind,
      stateKey,
      customer: showCustomer && s.customer ? { id: s.customer.id, name: s.customer.name } : null,
      upstreamRef: s.upstreamRef,
      readIso: read ? read.toISOString() : null,
      readText: read ? formatPortalDateTime(read, locale, timeZone) : null,
    };
  });
  return (
    <Table caption={caption} stacked>
      <thead>
        <tr>
          <Th>{words.colName}</Th>
          <Th>{words.colKind}</Th>
          <Th>{words.colState}</Th>
          {showCustomer ? <Th>{words.colCustomer}</Th> : null}
          <Th>{words.colRef}</Th>
          <Th>{words.colLastRead}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty}</EmptyRow> : null}
        <ServiceRows slug={slug} rows={data} words={words} showCustomer={showCustomer} />
      </tbody>
    </Table>
  );
}

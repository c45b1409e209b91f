// The reseller's service rows, shared by the services list and a customer's page.

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/app/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { isUpstreamState, type UpstreamState } from "@/lib/services/upstream-state";

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

export function UpstreamStateBadge({ state, status }: { state: string | null; status?: string }) {
  const t = useTranslations("services");
  if (status === "deleted") return <Badge tone="neutral">{t("deleted")}</Badge>;
  if (status === "gone") return <Badge tone="neutral">{t("markedGone")}</Badge>;
  const label = !state ? t("states.notRead") : isUpstreamState(state) ? t(`states.${state}`) : state;
  return <Badge tone={state && isUpstreamState(state) ? TONES[state] : "neutral"}>{label}</Badge>;
}

type Props = { slug: string; rows: readonly ServiceTableRow[]; caption: string; showCustomer?: boolean; empty: string };

export function ServicesTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const t = useTranslations("services");
  const kinds = useTranslations("kinds");
  const cols = showCustomer ? 6 : 5;
  return (
    <Table caption={caption} stacked>
      <thead>
        <tr>
          <Th>{t("colName")}</Th>
          <Th>{t("colKind")}</Th>
          <Th>{t("colState")}</Th>
          {showCustomer ? <Th>{t("colCustomer")}</Th> : null}
          <Th>{t("colRef")}</Th>
          <Th>{t("colLastRead")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty}</EmptyRow> : null}
        {rows.map((s) => (
          <tr key={s.id}>
            <Td label={t("colName")} className="break-all">
              <Link
                className="font-medium text-blue-800 underline-offset-2 hover:underline"
                href={`/r/${slug}/services/${s.id}`}
              >
                {s.displayName}
              </Link>
            </Td>
            <Td label={t("colKind")} className="sm:whitespace-nowrap">
              {isOrderKindValue(s.kind) ? kinds(s.kind) : s.kind}
            </Td>
            <Td label={t("colState")}>
              <UpstreamStateBadge state={s.upstreamState} status={s.status} />
            </Td>
            {showCustomer ? (
              <Td label={t("colCustomer")}>
                {s.customer ? (
                  <Link
                    className="text-blue-800 underline-offset-2 hover:underline"
                    href={`/r/${slug}/customers/${s.customer.id}`}
                  >
                    {s.customer.name}
                  </Link>
                ) : null}
              </Td>
            ) : null}
            <Td label={t("colRef")} className="break-all font-mono text-xs">
              {s.upstreamRef}
            </Td>
            <Td label={t("colLastRead")} className="sm:whitespace-nowrap">
              {s.readAt ? <TimeText at={s.readAt} /> : t("notYet")}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

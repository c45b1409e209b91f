// The reseller's order rows, shared by the order list, a customer's page and the dashboard. On a
// phone the kind and reference columns give way (priority columns): name, status and time stay.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { OrderSentenceText } from "@/app/ui/order-sentence-text";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import type { OrderSentence } from "@/lib/orders/order-sentence";

export type OrderRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  /** The IDNA ASCII form; shown beside the name when it differs (an internationalized domain). */
  naturalKey?: string;
  upstreamRef: string | null;
  createdAt: Date;
  customer?: { id: string; name: string } | null;
  /** The order in one sentence, shown under its name where the list has it. */
  sentence?: OrderSentence;
};

type Props = { slug: string; rows: readonly OrderRow[]; caption: string; showCustomer?: boolean; empty?: string };

const KINDS = new Set(["qboxmail_domain", "qboxmail_manager", "grommunio_domain", "grommunio_server"]);

export function OrdersTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const t = useTranslations("orders");
  const kinds = useTranslations("kinds");
  const cols = showCustomer ? 6 : 5;
  const wide = "hidden md:table-cell";
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("colName")}</Th>
          <Th className={wide}>{t("colKind")}</Th>
          <Th>{t("colStatus")}</Th>
          {showCustomer ? <Th className="hidden sm:table-cell">{t("colCustomer")}</Th> : null}
          <Th className={wide}>{t("colRef")}</Th>
          <Th>{t("colPlaced")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty ?? t("none")}</EmptyRow> : null}
        {rows.map((o) => (
          <tr key={o.id}>
            <Td className="break-all">
              <Link
                className="font-medium text-blue-800 underline-offset-2 hover:underline"
                href={`/r/${slug}/orders/${o.id}`}
              >
                {o.displayName}
              </Link>
              {o.naturalKey && o.naturalKey !== o.displayName.toLowerCase() ? (
                <span className="block font-mono text-xs text-slate-600">{o.naturalKey}</span>
              ) : null}
              {o.sentence ? (
                <OrderSentenceText sentence={o.sentence} className="block break-normal text-xs text-slate-700" />
              ) : (
                <span className="block text-xs text-slate-600 md:hidden">
                  {KINDS.has(o.kind) ? kinds(o.kind) : o.kind}
                </span>
              )}
            </Td>
            <Td className={`whitespace-nowrap ${wide}`}>{KINDS.has(o.kind) ? kinds(o.kind) : o.kind}</Td>
            <Td>
              <StatusPill status={o.status} />
            </Td>
            {showCustomer ? (
              <Td className="hidden sm:table-cell">
                {o.customer ? (
                  <Link
                    className="text-blue-800 underline-offset-2 hover:underline"
                    href={`/r/${slug}/customers/${o.customer.id}`}
                  >
                    {o.customer.name}
                  </Link>
                ) : null}
              </Td>
            ) : null}
            <Td className={`font-mono text-xs ${wide}`}>
              {o.upstreamRef ?? (
                <span className="text-slate-500">
                  <span aria-hidden="true">—</span>
                  <span className="sr-only">{t("noneYet")}</span>
                </span>
              )}
            </Td>
            <Td className="text-xs">
              <TimeText at={o.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

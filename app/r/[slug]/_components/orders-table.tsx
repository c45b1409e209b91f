// The reseller's order rows, shared by the order list, a customer's page and the dashboard. On a
// phone the kind and reference columns give way (priority columns): name, status and time stay.
// As on the support list, the words every row repeats are looked up once per table and the
// cells, badges and times are plain elements, so a row calls no hooks (docs/benchmarks.md
// "Pages: the support list's rows").
import Link from "next/link";
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { badgeClass } from "@/app/ui/badge";
import { oncePerKey } from "@/app/ui/once-per-key";
import { OrderSentenceText } from "@/app/ui/order-sentence-text";
import { statusTone } from "@/app/ui/status-pill";
import { EmptyRow, Table, TD_CLASS, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import type { OrderSentence } from "@/lib/orders/order-sentence";
import { isOrderStatus } from "@/lib/orders/vocabulary";

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

const CELL = `${TD_CLASS} `;
const NAME_CELL = `${TD_CLASS} break-all`;
const KIND_CELL = `${TD_CLASS} whitespace-nowrap hidden md:table-cell`;
const CUSTOMER_CELL = `${TD_CLASS} hidden sm:table-cell`;
const REF_CELL = `${TD_CLASS} font-mono text-xs hidden md:table-cell`;
const TIME_CELL = `${TD_CLASS} text-xs`;

const KINDS = new Set(["qboxmail_domain", "qboxmail_manager", "grommunio_domain", "grommunio_server"]);

export function OrdersTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const t = useTranslations("orders");
  const kinds = useTranslations("kinds");
  const statuses = useTranslations("status");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const cols = showCustomer ? 6 : 5;
  const wide = "hidden md:table-cell";
  const kindWord = oncePerKey((kind) => (KINDS.has(kind) ? kinds(kind) : kind));
  const statusWord = oncePerKey((status) => (isOrderStatus(status) ? statuses(status) : status));
  const statusClass = oncePerKey((status) => badgeClass(statusTone(status)));
  const noneYet = t("noneYet");
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
        {rows.map((o) => {
          return (
            <tr key={o.id}>
              <td className={NAME_CELL}>
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
                  <span className="block text-xs text-slate-600 md:hidden">{kindWord(o.kind)}</span>
                )}
              </td>
              <td className={KIND_CELL}>{kindWord(o.kind)}</td>
              <td className={CELL}>
                <span className={statusClass(o.status)}>{statusWord(o.status)}</span>
              </td>
              {showCustomer ? (
                <td className={CUSTOMER_CELL}>
                  {o.customer ? (
                    <Link
                      className="text-blue-800 underline-offset-2 hover:underline"
                      href={`/r/${slug}/customers/${o.customer.id}`}
                    >
                      {o.customer.name}
                    </Link>
                  ) : null}
                </td>
              ) : null}
              <td className={REF_CELL}>
                {o.upstreamRef ?? (
                  <span className="text-slate-500">
                    <span aria-hidden="true">—</span>
                    <span className="sr-only">{noneYet}</span>
                  </span>
                )}
              </td>
              <td className={TIME_CELL}>
                <time dateTime={o.createdAt.toISOString()}>{formatPortalDateTime(o.createdAt, locale, timeZone)}</time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

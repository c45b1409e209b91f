// The reseller's order rows, shared by the order list, a customer's page and the dashboard.

import Link from "next/link";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { kindLabel } from "@/lib/orders/vocabulary";

export type OrderRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  upstreamRef: string | null;
  createdAt: Date;
  customer?: { id: string; name: string } | null;
};

type Props = { slug: string; rows: readonly OrderRow[]; caption: string; showCustomer?: boolean; empty?: string };

export function OrdersTable({ slug, rows, caption, showCustomer = true, empty = "No orders yet." }: Props) {
  const cols = showCustomer ? 6 : 5;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Kind</Th>
          <Th>Status</Th>
          {showCustomer ? <Th>Customer</Th> : null}
          <Th>Upstream reference</Th>
          <Th>Placed</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty}</EmptyRow> : null}
        {rows.map((o) => (
          <tr key={o.id}>
            <Td>
              <Link
                className="font-medium text-blue-800 underline-offset-2 hover:underline"
                href={`/r/${slug}/orders/${o.id}`}
              >
                {o.displayName}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">{kindLabel(o.kind)}</Td>
            <Td>
              <StatusPill status={o.status} />
            </Td>
            {showCustomer ? (
              <Td>
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
            <Td className="font-mono text-xs">{o.upstreamRef ?? <NoValue />}</Td>
            <Td className="whitespace-nowrap text-xs">
              <TimeText at={o.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function NoValue() {
  return (
    <span className="text-slate-500">
      <span aria-hidden="true">—</span>
      <span className="sr-only">none yet</span>
    </span>
  );
}

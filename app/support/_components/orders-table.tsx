// The support order list. Failed rows carry a checkbox ("<id>:<version>") for bulk retry.

import Link from "next/link";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { kindLabel } from "@/lib/orders/vocabulary";
import type { SupportOrderRow } from "@/lib/support/orders-query";

export function OrdersTable({ rows, selectable }: { rows: SupportOrderRow[]; selectable: boolean }) {
  return (
    <Table caption="Orders">
      <thead>
        <tr>
          {selectable ? (
            <Th>
              <span className="sr-only">Select</span>
            </Th>
          ) : null}
          <Th>Order</Th>
          <Th>Status</Th>
          <Th>Kind</Th>
          <Th>Reseller / customer</Th>
          <Th>Created</Th>
          <Th>Last error</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={selectable ? 7 : 6}>No orders match these filters.</EmptyRow> : null}
        {rows.map((r) => (
          <tr key={r.id} data-order-id={r.id}>
            {selectable ? (
              <Td>
                {r.status === "failed" ? (
                  <input
                    type="checkbox"
                    name="items"
                    value={`${r.id}:${r.version}`}
                    aria-label={`Select ${r.naturalKey}`}
                    className="h-4 w-4"
                  />
                ) : null}
              </Td>
            ) : null}
            <Td>
              <Link href={`/support/orders/${r.id}`} className="font-medium text-blue-800 hover:underline">
                {r.displayName}
              </Link>
              {r.upstreamRef ? <div className="text-xs text-slate-600">ref {r.upstreamRef}</div> : null}
            </Td>
            <Td>
              <StatusPill status={r.status} />
            </Td>
            <Td>{kindLabel(r.kind)}</Td>
            <Td>
              {r.resellerName}
              <div className="text-xs text-slate-600">{r.customerName}</div>
            </Td>
            <Td className="whitespace-nowrap">
              <TimeText at={r.createdAt} />
            </Td>
            <Td className="max-w-xs truncate text-xs text-slate-700" title={r.lastError ?? undefined}>
              {r.lastError ?? ""}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

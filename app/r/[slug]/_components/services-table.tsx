// The reseller's service rows, shared by the services list and a customer's page.

import Link from "next/link";
import { Badge, type BadgeTone } from "@/app/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { kindLabel } from "@/lib/orders/vocabulary";
import { upstreamStateLabel } from "@/lib/services/upstream-state";

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

const TONES: Record<string, BadgeTone> = {
  active: "success",
  ownership_check: "warning",
  suspended: "warning",
  disabled: "warning",
  soft_deleted: "neutral",
  deleting: "neutral",
  missing: "danger",
  in_progress: "info",
};

export function UpstreamStateBadge({ state, status }: { state: string | null; status?: string }) {
  if (status === "deleted") return <Badge tone="neutral">Deleted</Badge>;
  if (status === "gone") return <Badge tone="neutral">Marked gone</Badge>;
  return <Badge tone={TONES[state ?? ""] ?? "neutral"}>{upstreamStateLabel(state)}</Badge>;
}

type Props = { slug: string; rows: readonly ServiceTableRow[]; caption: string; showCustomer?: boolean; empty: string };

export function ServicesTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const cols = showCustomer ? 6 : 5;
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Kind</Th>
          <Th>State at the provider</Th>
          {showCustomer ? <Th>Customer</Th> : null}
          <Th>Upstream reference</Th>
          <Th>Last read</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty}</EmptyRow> : null}
        {rows.map((s) => (
          <tr key={s.id}>
            <Td>
              <Link
                className="font-medium text-blue-800 underline-offset-2 hover:underline"
                href={`/r/${slug}/services/${s.id}`}
              >
                {s.displayName}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">{kindLabel(s.kind)}</Td>
            <Td>
              <UpstreamStateBadge state={s.upstreamState} status={s.status} />
            </Td>
            {showCustomer ? (
              <Td>
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
            <Td className="font-mono text-xs">{s.upstreamRef}</Td>
            <Td className="whitespace-nowrap">{s.readAt ? <TimeText at={s.readAt} /> : "Not yet"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

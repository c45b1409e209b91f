// DNS records to publish, as a table people can copy from.
import { Table, Td, Th } from "@/app/ui/table";
import type { DnsRecord } from "@/lib/services/activation";

export function DnsRecords({ records, caption }: { records: DnsRecord[]; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Value</Th>
          <Th>Why</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {records.map((r) => (
          <tr key={`${r.name}-${r.type}`}>
            <Td className="break-all font-mono text-xs">{r.name}</Td>
            <Td className="font-mono text-xs">{r.type}</Td>
            <Td className="break-all font-mono text-xs">{r.value}</Td>
            <Td>{r.why}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

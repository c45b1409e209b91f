// DNS records to publish, as a table people can copy from; what each is for in the person's language.
import { useTranslations } from "next-intl";
import { Table, Td, Th } from "@/app/ui/table";
import type { DnsRecord } from "@/lib/services/activation";

export function DnsRecords({ records, caption }: { records: DnsRecord[]; caption: string }) {
  const t = useTranslations("services.activation");
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("colName")}</Th>
          <Th>{t("colType")}</Th>
          <Th>{t("colValue")}</Th>
          <Th>{t("colWhy")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {records.map((r) => (
          <tr key={`${r.name}-${r.type}`}>
            <Td className="break-all font-mono text-xs">{r.name}</Td>
            <Td className="font-mono text-xs">{r.type}</Td>
            <Td className="break-all font-mono text-xs">{r.value}</Td>
            <Td>{t(`why.${r.why}`)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

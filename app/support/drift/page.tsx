import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { adoptionCustomers, lastDriftRun, listOpenFindings } from "@/lib/services/drift-actions";
import { SupportNav } from "../_components/support-nav";
import { FindingForm } from "./finding-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Drift" };

const TYPE_TEXT: Record<string, string> = {
  missing: "Missing at the provider",
  changed: "Changed outside the portal",
  unowned: "At the provider, owned by no service",
};

export default async function DriftPage() {
  const viewer = await requireRole("support", "admin");
  const [findings, run, customers] = await Promise.all([
    listOpenFindings(viewer),
    lastDriftRun(viewer),
    adoptionCustomers(viewer),
  ]);
  const options = customers.map((c) => ({ value: c.id, label: `${c.reseller.name} — ${c.name}` }));
  return (
    <main>
      <SupportNav role={viewer.role} current="/support/drift" />
      <PageHeader
        title="Drift between the providers and the portal"
        description="The worker compares each provider's inventory with the services every ten minutes. Nothing changes by itself: adopt, re-create, mark gone or dismiss each difference."
      />
      <p className="mb-4 text-sm">
        {run ? (
          <>
            Last check started <TimeText at={run.startedAt} />
            {run.finishedAt ? `, ${run.scanned} resources listed, ${run.found} differences` : ", still running"}
            {run.message ? ` — could not list: ${run.message}` : ""}.
          </>
        ) : (
          "No check has run yet."
        )}
      </p>
      <Table caption="Open differences, newest first">
        <thead>
          <tr>
            <Th>Resource</Th>
            <Th>Difference</Th>
            <Th>Since</Th>
            <Th>Act</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {findings.length === 0 ? <EmptyRow colSpan={4}>No differences.</EmptyRow> : null}
          {findings.map((f) => {
            const diff = (f.details as { differences?: string[] } | null)?.differences;
            return (
              <tr key={f.id}>
                <Td>
                  <span className="font-medium">{f.naturalKey}</span>
                  <span className="block font-mono text-xs">
                    {f.kind} {f.upstreamRef}
                  </span>
                  {f.serviceId ? (
                    <Link className="text-xs text-blue-800 underline" href={`/support/services/${f.serviceId}`}>
                      Service
                    </Link>
                  ) : null}
                </Td>
                <Td>
                  {TYPE_TEXT[f.type] ?? f.type}
                  {diff ? <span className="block text-xs">{diff.join("; ")}</span> : null}
                </Td>
                <Td className="whitespace-nowrap">
                  <TimeText at={f.detectedAt} />
                </Td>
                <Td>
                  <FindingForm findingId={f.id} type={f.type} customers={options} />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </main>
  );
}

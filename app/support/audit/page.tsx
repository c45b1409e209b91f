import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { lastAuditVerification, listAuditEvents, parseAuditFilters } from "@/lib/support/audit-query";
import { HealthBanner } from "../_components/health-banner";
import { JsonView } from "../_components/json-view";
import { SupportNav } from "../_components/support-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = [
  { name: "actor", label: "Actor", hint: "E-mail of a person, or a worker id" },
  { name: "resellerId", label: "Reseller id" },
  { name: "orderId", label: "Order id" },
  { name: "action", label: "Action", hint: "Exact, or a prefix ending in a dot: order." },
  { name: "from", label: "From", type: "datetime-local" },
  { name: "to", label: "Until", type: "datetime-local" },
] as const;

export default async function AuditPage({ searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const params = await searchParams;
  const filters = parseAuditFilters(params);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const [page, verification] = await Promise.all([
    listAuditEvents(viewer, filters, { cursor }),
    lastAuditVerification(viewer),
  ]);
  const base = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as Array<[string, string]>);
  const withCursor = (c: string) => {
    const p = new URLSearchParams(base);
    p.set("cursor", c);
    return `/support/audit?${p}`;
  };
  return (
    <main>
      <PageHeader
        title="Audit log"
        description="Every state change and every person's action, newest first. Append-only and hash-chained."
      />
      <SupportNav role={viewer.role} current="/support/audit" />
      <HealthBanner viewer={viewer} />
      <section
        aria-label="Last chain verification"
        data-testid="audit-verification"
        className="mb-4 rounded-md border border-slate-200 bg-white p-3 text-sm"
      >
        {verification ? (
          <p className={verification.ok ? "text-green-800" : "font-medium text-red-800"}>
            Last verification (<code>npm run audit:verify</code>) <TimeText at={verification.at} />:{" "}
            {verification.ok ? "chain intact" : "chain BROKEN"} · {verification.checkedRows} rows checked
            {verification.firstBrokenId ? ` · first broken row ${verification.firstBrokenId}` : ""} ·{" "}
            {verification.message}
          </p>
        ) : (
          <p className="text-slate-700">
            The chain has not been verified yet. Run <code>npm run audit:verify</code>.
          </p>
        )}
      </section>
      <search aria-label="Filter the audit log">
        <form
          method="get"
          action="/support/audit"
          className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-3"
        >
          {FILTERS.map((f) => (
            <Field key={f.name} id={`a-${f.name}`} label={f.label} hint={"hint" in f ? f.hint : undefined}>
              <Input
                id={`a-${f.name}`}
                name={f.name}
                type={"type" in f ? f.type : "text"}
                defaultValue={filters[f.name] ?? ""}
                hint={"hint" in f ? f.hint : undefined}
              />
            </Field>
          ))}
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonClass("primary")}>
              Apply filters
            </button>
            <Link href="/support/audit" className={buttonClass("ghost")}>
              Clear
            </Link>
          </div>
        </form>
      </search>
      <Table caption="Audit events">
        <thead>
          <tr>
            <Th>#</Th>
            <Th>When</Th>
            <Th>Actor</Th>
            <Th>Action</Th>
            <Th>Order / reseller</Th>
            <Th>Reason</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {page.rows.length === 0 ? <EmptyRow colSpan={7}>No audit events match these filters.</EmptyRow> : null}
          {page.rows.map((r) => (
            <tr key={r.id}>
              <Td className="font-mono text-xs">{r.id}</Td>
              <Td className="whitespace-nowrap">
                <TimeText at={r.at} />
              </Td>
              <Td>
                {r.actorType}
                {r.actorLabel || r.actorId ? (
                  <div className="text-xs text-slate-600">{r.actorLabel ?? r.actorId}</div>
                ) : null}
              </Td>
              <Td className="font-mono text-xs">{r.action}</Td>
              <Td className="text-xs">
                {r.orderId ? (
                  <Link className="text-blue-800 hover:underline" href={`/support/orders/${r.orderId}`}>
                    order {r.orderId.slice(0, 8)}
                  </Link>
                ) : null}
                {r.resellerId ? (
                  <div>
                    <Link className="text-blue-800 hover:underline" href={`/support/audit?resellerId=${r.resellerId}`}>
                      reseller {r.resellerId.slice(0, 8)}
                    </Link>
                  </div>
                ) : null}
              </Td>
              <Td className="text-xs">{r.reason ?? ""}</Td>
              <Td>
                <JsonView label="Before / after" value={{ before: r.before, after: r.after }} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <CursorPagination
        firstHref={cursor ? `/support/audit?${base}` : undefined}
        nextHref={page.nextCursor ? withCursor(page.nextCursor) : undefined}
      />
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireResellerAccess } from "@/lib/auth/session";
import { DELIVERY_PAGE, getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";
import { ResellerNav } from "../../_components/reseller-nav";
import { deleteEndpointAction, enableEndpointAction, resendAction } from "../actions";

export const metadata: Metadata = { title: "Webhook endpoint" };
export const dynamic = "force-dynamic";

const statusText = { pending: "Pending", succeeded: "Delivered", failed: "Failed" } as const;

export default async function EndpointPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const endpoint = await getWebhookEndpoint(reseller.id, id);
  if (!endpoint) notFound();
  const deliveries = await listDeliveries(reseller.id, id);
  return (
    <>
      <ResellerNav slug={slug} current="webhooks" />
      <main className="space-y-6">
        <PageHeader
          title="Webhook endpoint"
          description={endpoint.url}
          actions={
            <ActionButton action={deleteEndpointAction.bind(null, slug, id)} variant="danger">
              Delete endpoint
            </ActionButton>
          }
        />
        {endpoint.disabledAt ? (
          <div
            role="alert"
            className="space-y-2 rounded-md border-2 border-amber-600 bg-amber-50 p-4 text-sm text-amber-950"
          >
            <p>
              <strong>Disabled</strong> on <TimeText at={endpoint.disabledAt} />. {endpoint.disabledReason}
            </p>
            <p>Fix the receiver, turn the endpoint back on, then resend the deliveries it missed.</p>
            <ActionButton action={enableEndpointAction.bind(null, slug, id)}>Turn back on</ActionButton>
          </div>
        ) : endpoint.failingSince ? (
          <p role="status" className="rounded-md border border-amber-600 bg-amber-50 p-3 text-sm">
            Deliveries have been failing since <TimeText at={endpoint.failingSince} />. They are retried for a day; an
            endpoint failing for days is disabled.
          </p>
        ) : null}
        <p className="text-sm">
          Events: {endpoint.events.join(", ")}.{" "}
          <Link className="underline" href={`/r/${slug}/webhooks`}>
            All endpoints
          </Link>
        </p>
        <Table caption={`Deliveries, newest first (at most ${DELIVERY_PAGE})`} showCaption>
          <TableHead
            columns={["Event", "Order", "Status", "Response", "Attempts", "Last attempt", "Created"]}
            actions
          />
          <tbody className="divide-y divide-slate-100">
            {deliveries.length === 0 ? <EmptyRow colSpan={8}>No deliveries yet.</EmptyRow> : null}
            {deliveries.map((d) => (
              <tr key={d.id}>
                <Td>
                  <code>{d.eventType}</code>
                  <div className="text-xs text-slate-600">{d.id}</div>
                </Td>
                <Td>
                  {d.orderId ? (
                    <Link className="text-blue-800 underline" href={`/r/${slug}/orders/${d.orderId}`}>
                      Order
                    </Link>
                  ) : null}
                </Td>
                <Td>
                  {statusText[d.status]}
                  {d.status === "pending" && d.attemptCount > 0 ? (
                    <div className="text-xs text-slate-600">
                      next try <TimeText at={d.nextAttemptAt} />
                    </div>
                  ) : null}
                </Td>
                <Td>
                  {d.lastStatusCode ?? (d.lastError ? "no answer" : "")}
                  {d.lastError ? <div className="text-xs text-slate-600">{d.lastError}</div> : null}
                </Td>
                <Td>{d.attemptCount}</Td>
                <Td>{d.lastAttemptAt ? <TimeText at={d.lastAttemptAt} /> : ""}</Td>
                <Td>
                  <TimeText at={d.createdAt} />
                </Td>
                <Td>
                  {endpoint.disabledAt ? null : (
                    <ActionButton
                      action={resendAction.bind(null, slug, id, d.id)}
                      variant="secondary"
                      aria-label={`Resend ${d.eventType} delivery ${d.id}`}
                    >
                      Resend
                    </ActionButton>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </main>
    </>
  );
}

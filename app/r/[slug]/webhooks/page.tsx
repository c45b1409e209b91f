import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireResellerAccess } from "@/lib/auth/session";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { ResellerNav } from "../_components/reseller-nav";
import { createEndpointAction } from "./actions";
import { CreateEndpointForm } from "./create-endpoint-form";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const endpoints = await listWebhookEndpoints(reseller.id);
  return (
    <>
      <ResellerNav slug={slug} current="webhooks" />
      <main className="space-y-8">
        <PageHeader
          title="Webhooks"
          description="Your systems hear about order changes as they happen: signed POST requests in the Standard Webhooks format."
        />
        {endpoints.some((e) => e.disabledAt) ? (
          <div role="alert" className="rounded-md border-2 border-amber-600 bg-amber-50 p-4 text-sm text-amber-950">
            An endpoint was disabled because its deliveries kept failing. Open it to see why and turn it back on.
          </div>
        ) : null}
        <Table caption="Webhook endpoints">
          <thead>
            <tr>
              <Th>Address</Th>
              <Th>Events</Th>
              <Th>State</Th>
              <Th>Added</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {endpoints.length === 0 ? <EmptyRow colSpan={4}>No endpoints yet.</EmptyRow> : null}
            {endpoints.map((e) => (
              <tr key={e.id}>
                <Td>
                  <Link className="font-medium text-blue-800 underline" href={`/r/${slug}/webhooks/${e.id}`}>
                    {e.url}
                  </Link>
                  {e.description ? <div className="text-slate-600">{e.description}</div> : null}
                </Td>
                <Td>{e.events.join(", ")}</Td>
                <Td>
                  {e.disabledAt ? (
                    "Disabled"
                  ) : e.failingSince ? (
                    <>
                      Failing since <TimeText at={e.failingSince} />
                    </>
                  ) : (
                    "Active"
                  )}
                </Td>
                <Td>
                  <TimeText at={e.createdAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <section aria-labelledby="new-endpoint" className="space-y-3">
          <h2 id="new-endpoint" className="text-lg font-semibold">
            Add an endpoint
          </h2>
          <CreateEndpointForm slug={slug} action={createEndpointAction.bind(null, slug)} />
        </section>
      </main>
    </>
  );
}

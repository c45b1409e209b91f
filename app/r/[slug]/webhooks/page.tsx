import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { TitledSection } from "@/app/ui/titled-section";
import { requireResellerAccess } from "@/lib/auth/session";
import {
  countDisabledEndpoints,
  failedCountsOf,
  LIST_FAILED_COUNT_CAP,
  listWebhookEndpoints,
} from "@/lib/webhooks/endpoints";
import { CodeList } from "../_components/code-list";
import { ResellerNav } from "../_components/reseller-nav";
import { createEndpointAction } from "./actions";
import { CreateEndpointForm } from "./create-endpoint-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("title") };
}
export const dynamic = "force-dynamic";

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [endpoints, disabled, failed, t] = await Promise.all([
    listWebhookEndpoints(reseller.id),
    countDisabledEndpoints(reseller.id),
    failedCountsOf(reseller.id),
    getTranslations("webhooks"),
  ]);
  // An event type stored before a label existed for it is shown by its code alone.
  const eventMeaning = (ev: string) => (t.has(`eventLabels.${ev}` as never) ? t(`eventLabels.${ev}` as never) : ev);
  return (
    <ClientMessages namespaces={["validation", "webhooks"]}>
      <ResellerNav slug={slug} current="webhooks" />
      <main id="main" className="space-y-8">
        <PageHeader title={t("title")} description={t("intro")} />
        {disabled > 0 ? (
          <div role="alert" className="rounded-md border-2 border-amber-600 bg-amber-50 p-4 text-sm text-amber-950">
            {t("someDisabled")}
          </div>
        ) : null}
        <Table caption={t("caption")} stacked>
          <thead>
            <tr>
              <Th>{t("columns.address")}</Th>
              <Th>{t("columns.events")}</Th>
              <Th>{t("columns.state")}</Th>
              <Th>{t("columns.added")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {endpoints.length === 0 ? <EmptyRow colSpan={4}>{t("none")}</EmptyRow> : null}
            {endpoints.map((e) => (
              <tr key={e.id}>
                <Td label={t("columns.address")}>
                  <Link className="font-medium text-blue-800 underline" href={`/r/${slug}/webhooks/${e.id}`}>
                    {e.url}
                  </Link>
                  {e.description ? <div className="text-slate-600">{e.description}</div> : null}
                </Td>
                <Td label={t("columns.events")}>
                  <CodeList items={e.events.map((ev) => ({ code: ev, meaning: eventMeaning(ev) }))} />
                </Td>
                <Td label={t("columns.state")}>
                  {e.disabledAt ? (
                    t("disabled")
                  ) : e.failingSince ? (
                    <>
                      {t("failingSince")} <TimeText at={e.failingSince} />
                    </>
                  ) : (
                    t("active")
                  )}
                  {/* Failed deliveries wait for a Resend on the endpoint's page: the count links to them. */}
                  {failed.get(e.id) ? (
                    <div>
                      <Link
                        className="text-blue-800 underline"
                        href={`/r/${slug}/webhooks/${e.id}?status=failed`}
                        data-testid="endpoint-failed-count"
                      >
                        {failed.get(e.id)! > LIST_FAILED_COUNT_CAP
                          ? t("endpoint.failedCountCapped", { count: LIST_FAILED_COUNT_CAP })
                          : t("endpoint.failedCount", { count: failed.get(e.id)! })}
                      </Link>
                    </div>
                  ) : null}
                </Td>
                <Td label={t("columns.added")}>
                  <TimeText at={e.createdAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <TitledSection id="new-endpoint" title={t("add")} className="space-y-3">
          <CreateEndpointForm slug={slug} action={createEndpointAction.bind(null, slug)} />
        </TitledSection>
      </main>
    </ClientMessages>
  );
}

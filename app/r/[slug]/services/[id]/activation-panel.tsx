// What to do next so the service works, in plain words (docs/lifecycle.md).

import { getFormatter, getTranslations } from "next-intl/server";
import { TitledSection } from "@/app/ui/titled-section";
import { DATE_TIME } from "@/lib/i18n/formats";
import { grommunioDnsHelp, ownershipRecord } from "@/lib/services/activation";
import type { ServiceDetail } from "@/lib/services/queries";
import { checkMxAction, checkOwnershipAction } from "../actions";
import { CheckNowForm } from "./check-now-form";
import { DnsRecords } from "./dns-records";
import { MxCheckForm } from "./mx-check-form";
import { MxToFixNotice } from "./mx-to-fix";

type Props = {
  slug: string;
  service: ServiceDetail;
  state: string | null;
  settings: Record<string, unknown>;
  /** A delete of the service is open: nothing left to activate, and its ownership is not asked. */
  deleting: boolean;
};

export async function ActivationPanel({ slug, service, state, settings, deleting }: Props) {
  if (service.status !== "active" || deleting) return null;
  const [t, format] = await Promise.all([getTranslations("services.activation"), getFormatter()]);
  if (service.kind === "qboxmail_domain") {
    if (state === "active")
      return (
        <Panel title={t("title")}>
          <p className="text-sm">{t("done")}</p>
        </Panel>
      );
    // Verified and working, but Qboxmail says the MX records need updating or verifying.
    if (state === "active_mx_to_fix")
      return (
        <Panel title={t("mxTitle")}>
          <MxToFixNotice detail={settings.status_detail} />
          <div className="mt-3">
            <MxCheckForm action={checkMxAction.bind(null, slug, service.id)} />
          </div>
        </Panel>
      );
    if (state !== "ownership_check") return null;
    const record = await ownershipRecord(service.naturalKey, service.upstreamRef, settings);
    return (
      <Panel title={t("waitingTitle")}>
        <p className="mb-3 text-sm">
          {t("waiting")}
          {service.nextCheckAt ? ` ${t("nextCheck", { at: format.dateTime(service.nextCheckAt, DATE_TIME) })}` : null}
        </p>
        {record ? (
          <>
            <DnsRecords records={[record]} caption={t("ownershipCaption")} />
            {record.unconfirmed ? <p className="mt-2 text-sm text-amber-800">{t("recordUnconfirmed")}</p> : null}
          </>
        ) : (
          <p className="text-sm">{t("noRecord")}</p>
        )}
        <div className="mt-3">
          <CheckNowForm action={checkOwnershipAction.bind(null, slug, service.id)} />
        </div>
      </Panel>
    );
  }
  if (service.kind === "grommunio_domain" && state === "active") {
    const help = await grommunioDnsHelp(service.naturalKey, settings);
    if (!help) return null;
    return (
      <Panel title={t("dnsTitle")}>
        <p className="mb-3 text-sm">
          {t("dnsHelp", { extname: help.extname })}
          {help.resolves === false ? ` ${t("dnsNotResolving", { extname: help.extname })}` : ""}
        </p>
        <DnsRecords records={help.records} caption={t("dnsCaption")} />
      </Panel>
    );
  }
  return null;
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <TitledSection
      id="activation-title"
      title={title}
      className="mb-6 rounded-md border border-amber-200 bg-amber-50 p-4"
      headingClassName="mb-2"
    >
      {children}
    </TitledSection>
  );
}

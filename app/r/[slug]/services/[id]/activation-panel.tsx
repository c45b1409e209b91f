// What to do next so the service works, in plain words (docs/lifecycle.md).

import { TimeText } from "@/app/ui/time-text";
import { grommunioDnsHelp, ownershipRecord } from "@/lib/services/activation";
import type { ServiceDetail } from "@/lib/services/queries";
import { checkOwnershipAction } from "../actions";
import { CheckNowForm } from "./check-now-form";
import { DnsRecords } from "./dns-records";

type Props = { slug: string; service: ServiceDetail; state: string | null; settings: Record<string, unknown> };

export async function ActivationPanel({ slug, service, state, settings }: Props) {
  if (service.status !== "active") return null;
  if (service.kind === "qboxmail_domain") {
    if (state === "active")
      return (
        <Panel title="Activation">
          <p className="text-sm">Done: Qboxmail verified the domain and it is active. Mailboxes can be created.</p>
        </Panel>
      );
    if (state !== "ownership_check") return null;
    const record = ownershipRecord(service.naturalKey, settings);
    return (
      <Panel title="Waiting for DNS">
        <p className="mb-3 text-sm">
          Qboxmail keeps this domain unusable until it can see the record below in the domain&apos;s DNS. Add it at the
          domain&apos;s DNS provider, then press &quot;Check now&quot;. The portal also checks on its own, less and less
          often, until the domain is active
          {service.nextCheckAt ? (
            <>
              {" (next automatic check "}
              <TimeText at={service.nextCheckAt} />)
            </>
          ) : null}
          .
        </p>
        {record ? (
          <DnsRecords records={[record]} caption="The ownership record to publish" />
        ) : (
          <p className="text-sm">Qboxmail has not given the record yet; refresh this page in a minute.</p>
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
      <Panel title="DNS for mail">
        <p className="mb-3 text-sm">
          grommunio needs no activation: the domain works now. For mail to arrive and for mail programs to find their
          settings, publish these records pointing at the server&apos;s external name {help.extname}.
          {help.resolves === false
            ? ` Note: ${help.extname} does not resolve from the grommunio server yet; ask the server's operator.`
            : ""}
        </p>
        <DnsRecords records={help.records} caption="Records to publish for mail" />
      </Panel>
    );
  }
  return null;
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby="activation-title" className="mb-6 rounded-md border border-amber-200 bg-amber-50 p-4">
      <h2 id="activation-title" className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

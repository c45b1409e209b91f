// What a reseller can do with a live service: each action places an order that runs through the
// same pipeline as the create (docs/lifecycle.md) and shows live on its order page.
import { randomUUID } from "node:crypto";
import { changeFields, policyFields } from "@/lib/services/change-fields";
import { ACTIONS_BY_KIND } from "@/lib/services/change-kinds";
import type { ServiceDetail } from "@/lib/services/queries";
import { placeChangeAction } from "../actions";
import { ChangeForm } from "./change-form";

type Props = { slug: string; service: ServiceDetail; state: string | null; settings: Record<string, unknown> };

export function ManageSection({ slug, service, state, settings }: Props) {
  if (service.status !== "active") return null;
  const actions = ACTIONS_BY_KIND[service.kind];
  const bind = (action: string) => placeChangeAction.bind(null, slug, service.id, action);
  const suspended = state === "suspended" || state === "disabled";
  const suspendWord = service.kind === "qboxmail_domain" ? "Disable" : "Suspend";
  const resumeWord = service.kind === "qboxmail_domain" ? "Enable" : "Resume";
  return (
    <section aria-labelledby="manage-title" className="mb-6 space-y-4">
      <h2 id="manage-title" className="text-lg font-semibold">
        Manage
      </h2>
      <details className="rounded-md border border-slate-200 bg-white p-4" open>
        <summary className="cursor-pointer font-medium">Change settings</summary>
        <p className="my-2 text-sm text-slate-700">
          Values shown are the provider&apos;s current ones. Leave a field empty to keep it.
        </p>
        <ChangeForm
          action={bind("change")}
          idempotencyKey={randomUUID()}
          submitLabel="Save changes"
          fields={changeFields(service.kind, settings)}
          idPrefix="change"
        />
      </details>
      {service.kind === "grommunio_domain" ? (
        <details className="rounded-md border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-medium">ActiveSync policy</summary>
          <ChangeForm
            action={bind("change")}
            idempotencyKey={randomUUID()}
            submitLabel="Save policy"
            fields={policyFields(settings)}
            idPrefix="policy"
          />
        </details>
      ) : null}
      {actions.includes("suspend") ? (
        <div className="rounded-md border border-slate-200 bg-white p-4">
          <p className="mb-2 text-sm">
            {suspended
              ? `${resumeWord}: mail and sign-in work again.`
              : `${suspendWord}: mailboxes stop receiving mail and users cannot sign in; nothing is deleted.`}
          </p>
          <ChangeForm
            action={bind(suspended ? "resume" : "suspend")}
            idempotencyKey={randomUUID()}
            submitLabel={suspended ? resumeWord : suspendWord}
            idPrefix="toggle"
          />
        </div>
      ) : null}
      <div className="rounded-md border border-red-200 bg-white p-4">
        <h3 className="mb-1 font-medium">Delete</h3>
        <p className="mb-2 text-sm">
          {service.kind === "grommunio_domain"
            ? "grommunio keeps a deleted domain's data and name (an administrator can restore or purge it)."
            : service.kind === "grommunio_server"
              ? "grommunio refuses while any domain is on the server."
              : "Qboxmail deletes the domain or manager with everything in it; this cannot be undone."}{" "}
          Once the delete succeeded, it no longer counts against your limits.
        </p>
        <ChangeForm
          action={bind("delete")}
          idempotencyKey={randomUUID()}
          submitLabel="Delete"
          confirmName={service.displayName}
          danger
          idPrefix="delete"
        />
      </div>
    </section>
  );
}

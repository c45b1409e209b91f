// What a reseller can do with a live service: each action places an order that runs through the
// same pipeline as the create (docs/lifecycle.md) and shows live on its order page.
import { randomUUID } from "node:crypto";
import { useTranslations } from "next-intl";
import type { PickerOption } from "@/app/ui/search-picker";
import { TitledSection } from "@/app/ui/titled-section";
import { lowestPlan } from "@/lib/orders/schemas/qboxmail-plans";
import {
  changeFields,
  hasOwnPolicy,
  POLICY_TO_DEFAULT_FIELD,
  passwordChangeFields,
  planLockedFields,
  policySections,
  shownSettings,
  shownValues,
} from "@/lib/services/change-fields";
import { ACTIONS_BY_KIND, homedOnServer, policyAfterChange, renameBlockedBy } from "@/lib/services/change-kinds";
import type { ServiceDetail } from "@/lib/services/queries";
import { placeChangeAction } from "../actions";
import { type ChangeFields, ChangeForm } from "./change-form";
import { DestroyServiceForm } from "./destroy-form";

type Props = {
  slug: string;
  service: ServiceDetail;
  state: string | null;
  settings: Record<string, unknown>;
  /** A manager's domains as set now, with their names, where its change form's picker starts. */
  managerDomains?: PickerOption[];
  /**
   * The service's last change, refused by the provider on named fields (queries.ts refusedChange):
   * what it asked for fills the forms, the provider's words (in the viewer's language) beside the fields.
   */
  refused?: {
    set: Record<string, unknown>;
    errors: Record<string, string[]>;
    /** A manager's domains as that change asked for them, with their names, for the picker. */
    domains?: PickerOption[];
  };
};

/** The settings as shown, with a refused change's values laid over them (a policy key by key). */
function withAttempted(shown: Record<string, unknown>, set: Record<string, unknown>): Record<string, unknown> {
  const out = { ...shown };
  for (const [key, value] of Object.entries(set)) {
    if (key === "syncPolicy") out.syncPolicy = policyAfterChange(shown.syncPolicy, value) ?? {};
    else out[key] = value;
  }
  return out;
}

export function ManageSection({ slug, service, state, settings, managerDomains, refused }: Props) {
  const t = useTranslations("services");
  const tf = useTranslations("orderForm");
  const tv = useTranslations("validation");
  if (service.status !== "active") return null;
  const actions = ACTIONS_BY_KIND[service.kind];
  const bind = (action: string) => placeChangeAction.bind(null, slug, service.id, action);
  const suspended = state === "suspended" || state === "disabled";
  // Qboxmail disables a domain only once it is active (placing refuses it before: place-change.ts).
  const waitsForOwnership = service.kind === "qboxmail_domain" && state === "ownership_check";
  const qbox = service.kind === "qboxmail_domain" || service.kind === "qboxmail_manager";
  // A manager is a Qboxmail account, not a mail domain: disabling it stops the account only.
  const manager = service.kind === "qboxmail_manager";
  const suspendWord = qbox ? t("disable") : t("suspend");
  const resumeWord = qbox ? t("enable") : t("resume");
  const shown = shownSettings(service.kind, settings);
  const locked: Record<string, string> = Object.fromEntries(
    Object.entries(planLockedFields(service.kind, settings)).map(([name, plans]) => [
      name,
      tf("onlyOnPlans", { plan: lowestPlan(plans) }),
    ]),
  );
  // A server with users or domains homed on it, as last read, keeps its host name (placing would
  // refuse it: docs/lifecycle.md "Renaming a grommunio server"); its external address stays open.
  const homed = service.kind === "grommunio_server" ? homedOnServer(settings) : undefined;
  if (homed && renameBlockedBy(homed)) locked.hostname = tv("serverRenameNotEmpty", homed);
  // A manager read without its domains keeps them: a list sent now would replace a set nobody saw
  // (placing refuses it too: docs/upstream/qboxmail-lifecycle.md "A manager's domains").
  if (manager && !Array.isArray(settings.domain_codes)) locked.domain_codes = tv("managerDomainsUnread");
  const passwordFields = passwordChangeFields(service.kind);
  // A form whose fields a refused change's problems name starts from what that change asked for;
  // the others from the provider's settings, so nothing is sent again from a form that says
  // nothing of it. What a form compares with (SHOWN_FIELD) stays the provider's settings: what was
  // asked for is filled in as the person's own edit, so saving sends it again.
  const form = (sections: ChangeFields["sections"], password = false): ChangeFields => {
    const refusedErrors = refused ? errorsOf(sections, refused.errors) : undefined;
    const retry = refused && refusedErrors ? refused : undefined;
    const pickerStart = retry?.domains ?? managerDomains;
    return {
      kind: service.kind,
      sections,
      settings: retry ? withAttempted(shown, retry.set) : shown,
      shown: shownValues(
        sections.flatMap((s) => s.fields),
        shown,
      ),
      refusedErrors,
      // Passwords are never kept: the note asks for the new one again instead.
      refusedNote: refusedErrors ? (password ? "lastPasswordChangeRefused" : "lastChangeRefused") : undefined,
      locked,
      domainPicker:
        pickerStart && !locked.domain_codes
          ? {
              field: "domain_codes",
              initial: pickerStart,
              customerId: service.customerId,
              ordersPath: `/r/${slug}/orders`,
            }
          : undefined,
    };
  };
  return (
    <TitledSection id="manage-title" title={t("manage")} className="mb-6 space-y-4">
      <details className="rounded-md border border-slate-200 bg-white p-4" open>
        <summary className="cursor-pointer font-medium">{t("changeSettings")}</summary>
        <p className="my-2 text-sm text-slate-700">{t("changeHelp")}</p>
        <ChangeForm
          action={bind("change")}
          idempotencyKey={randomUUID()}
          submitLabel={t("saveChanges")}
          fields={form([{ id: "basics", title: "", fields: changeFields(service.kind) }])}
          idPrefix="change"
        />
      </details>
      {service.kind === "grommunio_domain" ? (
        <details className="rounded-md border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-medium">{t("activeSyncPolicy")}</summary>
          <ChangeForm
            action={bind("change")}
            idempotencyKey={randomUUID()}
            submitLabel={t("savePolicy")}
            fields={form(policySections())}
            idPrefix="policy"
          />
          {/* Without a reading of the policy (the provider could not be read) neither is said. */}
          {settings.syncPolicy === undefined ? null : hasOwnPolicy(settings) ? (
            <div className="mt-4 border-t border-slate-200 pt-4">
              <p className="mb-2 text-sm text-slate-700">{t("policyToDefaultHelp")}</p>
              <ChangeForm
                action={bind("change")}
                idempotencyKey={randomUUID()}
                submitLabel={t("policyToDefault")}
                hidden={{ [POLICY_TO_DEFAULT_FIELD]: "true" }}
                idPrefix="policy-default"
                confirm={{
                  consequence: t("policyToDefaultConsequence", { name: service.displayName }),
                  confirmLabel: t("policyToDefaultConfirm"),
                  keepLabel: t("keepPolicy"),
                }}
              />
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-700">{t("policyIsDefault")}</p>
          )}
        </details>
      ) : null}
      {passwordFields.length > 0 ? (
        <details className="rounded-md border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-medium">{t("changePassword")}</summary>
          <p className="my-2 text-sm text-slate-700">{t(manager ? "managerPasswordHelp" : "postmasterPasswordHelp")}</p>
          <ChangeForm
            action={bind("change")}
            idempotencyKey={randomUUID()}
            submitLabel={t("savePassword")}
            fields={form([{ id: "basics", title: "", fields: passwordFields }], true)}
            idPrefix="password"
          />
        </details>
      ) : null}
      {actions.includes("suspend") && waitsForOwnership ? (
        <p className="rounded-md border border-slate-200 bg-white p-4 text-sm">{t("disableAfterActivation")}</p>
      ) : actions.includes("suspend") ? (
        <div className="rounded-md border border-slate-200 bg-white p-4">
          <p className="mb-2 text-sm">
            {suspended
              ? t(manager ? "managerResumeHelp" : "resumeHelp", { action: resumeWord })
              : t(manager ? "managerSuspendHelp" : "suspendHelp", { action: suspendWord })}
          </p>
          <ChangeForm
            // Another form once the service's state flips (its own key and answer, not the last one's).
            key={suspended ? "resume" : "suspend"}
            action={bind(suspended ? "resume" : "suspend")}
            idempotencyKey={randomUUID()}
            submitLabel={suspended ? resumeWord : suspendWord}
            idPrefix="toggle"
            confirm={
              suspended
                ? undefined
                : {
                    consequence: t(manager ? "managerSuspendConsequence" : "suspendConsequence", {
                      name: service.displayName,
                    }),
                    confirmLabel: t(qbox ? "disableConfirm" : "suspendConfirm", { name: service.displayName }),
                    keepLabel: t("keep"),
                  }
            }
          />
        </div>
      ) : null}
      <div className="rounded-md border border-red-200 bg-white p-4">
        <h3 className="mb-1 font-medium">{t("delete")}</h3>
        <p className="mb-2 text-sm">
          {service.kind === "grommunio_domain"
            ? t("deleteGrommunioDomain")
            : service.kind === "grommunio_server"
              ? t("deleteGrommunioServer")
              : t("deleteQboxmail")}{" "}
          {t("deleteLimits")}
        </p>
        <DestroyServiceForm
          action={bind("delete")}
          name={service.displayName}
          submitLabel={t("delete")}
          idPrefix="delete"
        />
      </div>
    </TitledSection>
  );
}

/** The refused change's problems on this form's own fields; undefined when it names none of them. */
function errorsOf(sections: ChangeFields["sections"], errors: Record<string, string[]>) {
  const names = new Set(sections.flatMap((s) => s.fields.map((f) => f.name)));
  const own = Object.fromEntries(Object.entries(errors).filter(([name]) => names.has(name)));
  return Object.keys(own).length ? own : undefined;
}

"use client";
// Register a webhook endpoint. The signing secret appears once, here, right after creation.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { CheckboxFieldset } from "@/app/ui/checkbox-fieldset";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { DEFAULT_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { summaryItems } from "../_components/form-errors";
import { ShownOnce } from "../_components/shown-once";
import { type FormAction, useFormAction } from "../_components/use-form-action";

export function CreateEndpointForm({
  slug,
  action,
}: {
  slug: string;
  action: FormAction<{ secret: string; id: string }>;
}) {
  const t = useTranslations("webhooks");
  const { state, onSubmit, pending, fieldErrors, formError, summaryRef } = useFormAction(action);
  const URL_HINT = t("form.addressHint");
  const fields = [
    { id: "endpoint-url", name: "url", label: t("form.address") },
    { id: "endpoint-events", name: "events", label: t("form.events") },
    { id: "endpoint-description", name: "description", label: t("form.description") },
  ];
  return (
    <div className="space-y-4">
      {state.ok ? (
        <ShownOnce id="new-secret" title={t("form.added")} label={t("form.secret")} value={state.data.secret}>
          <p className="mt-2">
            <Link className="font-medium underline" href={`/r/${slug}/webhooks/${state.data.id}`}>
              {t("form.deliveriesLink")}
            </Link>
          </p>
        </ShownOnce>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(fields, fieldErrors)} />
        <Field id="endpoint-url" label={t("form.address")} required hint={URL_HINT} errors={fieldErrors.url}>
          <Input id="endpoint-url" name="url" type="url" required hint={URL_HINT} errors={fieldErrors.url} />
        </Field>
        <CheckboxFieldset
          id="endpoint-events"
          name="events"
          legend={t("form.events")}
          choices={WEBHOOK_EVENT_TYPES.map((ev) => ({
            value: ev,
            label: t(`eventLabels.${ev}`),
            defaultChecked: DEFAULT_EVENTS.includes(ev),
          }))}
          errors={fieldErrors.events}
        />
        <Field id="endpoint-description" label={t("form.description")} errors={fieldErrors.description}>
          <Input id="endpoint-description" name="description" maxLength={200} errors={fieldErrors.description} />
        </Field>
        <SubmitButton pending={pending} pendingLabel={t("form.submitting")}>
          {t("form.submit")}
        </SubmitButton>
      </form>
    </div>
  );
}

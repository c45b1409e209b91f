"use client";
// Register a webhook endpoint. The signing secret appears once, here, right after creation.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, FieldErrors, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { DEFAULT_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { summaryItems } from "../_components/form-errors";
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
        <div role="status" className="rounded-md border-2 border-green-700 bg-green-50 p-4 text-sm text-green-950">
          <p className="font-semibold">{t("form.added")}</p>
          <label htmlFor="new-secret" className="mt-2 block font-medium">
            {t("form.secret")}
          </label>
          <Input id="new-secret" readOnly value={state.data.secret} className="mt-1 font-mono" />
          <p className="mt-2">
            <Link className="font-medium underline" href={`/r/${slug}/webhooks/${state.data.id}`}>
              {t("form.deliveriesLink")}
            </Link>
          </p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(fields, fieldErrors)} />
        <Field id="endpoint-url" label={t("form.address")} required hint={URL_HINT} errors={fieldErrors.url}>
          <Input id="endpoint-url" name="url" type="url" required hint={URL_HINT} errors={fieldErrors.url} />
        </Field>
        <fieldset id="endpoint-events" className="space-y-1">
          <legend className="text-sm font-medium text-slate-900">{t("form.events")}</legend>
          {WEBHOOK_EVENT_TYPES.map((ev) => (
            <label key={ev} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="events"
                value={ev}
                defaultChecked={DEFAULT_EVENTS.includes(ev)}
                className="h-4 w-4"
              />
              <code>{ev}</code> <span className="text-slate-600">{t(`eventLabels.${ev}`)}</span>
            </label>
          ))}
          <FieldErrors id="endpoint-events" errors={fieldErrors.events} />
        </fieldset>
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

"use client";
// Create an API token. The token appears once, here, right after creation: only its hash is kept.
import { useTranslations } from "next-intl";
import { CheckboxFieldset } from "@/app/ui/checkbox-fieldset";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { API_SCOPES, type ApiScope } from "@/lib/api/scopes";
import { summaryItems } from "../_components/form-errors";
import { ShownOnce } from "../_components/shown-once";
import { type FormAction, useFormAction } from "../_components/use-form-action";

/** A scope's message key: `orders:read` → `orders_read` (message keys stay plain words). */
type ScopeKey<S = ApiScope> = S extends `${infer Area}:${infer Access}` ? `${Area}_${Access}` : never;
const scopeKey = (s: ApiScope) => s.replace(":", "_") as ScopeKey;

export function CreateTokenForm({ action }: { action: FormAction<{ token: string }> }) {
  const t = useTranslations("apiAccess");
  const { state, onSubmit, pending, fieldErrors, formError, summaryRef } = useFormAction(action);
  const NAME_HINT = t("form.nameHint");
  const EXPIRY_HINT = t("form.expiryHint");
  const fields = [
    { id: "token-name", name: "name", label: t("form.name") },
    { id: "token-scopes", name: "scopes", label: t("form.scopes") },
    { id: "token-expires", name: "expiresOn", label: t("form.expiresOn") },
  ];
  return (
    <div className="space-y-4">
      {state.ok ? (
        <ShownOnce id="new-token" title={t("form.created")} label={t("form.yourToken")} value={state.data.token} />
      ) : null}
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(fields, fieldErrors)} />
        <Field id="token-name" label={t("form.name")} required hint={NAME_HINT} errors={fieldErrors.name}>
          <Input id="token-name" name="name" required maxLength={80} errors={fieldErrors.name} hint={NAME_HINT} />
        </Field>
        <CheckboxFieldset
          id="token-scopes"
          name="scopes"
          legend={t("form.scopes")}
          choices={API_SCOPES.map((s) => ({ value: s, label: t(`scopeLabels.${scopeKey(s)}`) }))}
          errors={fieldErrors.scopes}
        />
        <Field id="token-expires" label={t("form.expiresOn")} hint={EXPIRY_HINT} errors={fieldErrors.expiresOn}>
          <Input id="token-expires" name="expiresOn" type="date" errors={fieldErrors.expiresOn} hint={EXPIRY_HINT} />
        </Field>
        <SubmitButton pending={pending} pendingLabel={t("form.submitting")}>
          {t("form.submit")}
        </SubmitButton>
      </form>
    </div>
  );
}

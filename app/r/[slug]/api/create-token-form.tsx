"use client";
// Create an API token. The token appears once, here, right after creation: only its hash is kept.
import { useTranslations } from "next-intl";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, FieldErrors, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { API_SCOPES, type ApiScope } from "@/lib/api/scopes";
import { summaryItems } from "../_components/form-errors";
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
        <div role="status" className="rounded-md border-2 border-green-700 bg-green-50 p-4 text-sm text-green-950">
          <p className="font-semibold">{t("form.created")}</p>
          <label htmlFor="new-token" className="mt-2 block font-medium">
            {t("form.yourToken")}
          </label>
          <Input
            id="new-token"
            readOnly
            value={state.data.token}
            className="mt-1 font-mono"
            onFocus={(e) => e.target.select()}
          />
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(fields, fieldErrors)} />
        <Field id="token-name" label={t("form.name")} required hint={NAME_HINT} errors={fieldErrors.name}>
          <Input id="token-name" name="name" required maxLength={80} errors={fieldErrors.name} hint={NAME_HINT} />
        </Field>
        <fieldset
          id="token-scopes"
          className="space-y-1"
          aria-describedby={fieldErrors.scopes ? "token-scopes-error" : undefined}
        >
          <legend className="text-sm font-medium text-slate-900">{t("form.scopes")}</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={s} className="h-4 w-4" />
              <code>{s}</code> <span className="text-slate-600">{t(`scopeLabels.${scopeKey(s)}`)}</span>
            </label>
          ))}
          <FieldErrors id="token-scopes" errors={fieldErrors.scopes} />
        </fieldset>
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

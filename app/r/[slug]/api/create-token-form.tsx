"use client";
// Create an API token. The token appears once, here, right after creation: only its hash is kept.
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, FieldErrors, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { API_SCOPES, scopeLabels } from "@/lib/api/scopes";
import { summaryItems } from "../_components/form-errors";
import { type FormAction, useFormAction } from "../_components/use-form-action";

const NAME_HINT = "What uses it, e.g. “WHMCS production”.";
const EXPIRY_HINT = "Optional. The token stops working at the end of this day (UTC).";

export function CreateTokenForm({ action }: { action: FormAction<{ token: string }> }) {
  const { state, onSubmit, pending, fieldErrors, formError, summaryRef } = useFormAction(action);
  const fields = [
    { id: "token-name", name: "name", label: "Name" },
    { id: "token-scopes", name: "scopes", label: "Scopes" },
    { id: "token-expires", name: "expiresOn", label: "Expires on" },
  ];
  return (
    <div className="space-y-4">
      {state.ok ? (
        <div role="status" className="rounded-md border-2 border-green-700 bg-green-50 p-4 text-sm text-green-950">
          <p className="font-semibold">Token created. Copy it now: it is not shown again.</p>
          <label htmlFor="new-token" className="mt-2 block font-medium">
            Your new token
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
        <Field id="token-name" label="Name" required hint={NAME_HINT} errors={fieldErrors.name}>
          <Input id="token-name" name="name" required maxLength={80} errors={fieldErrors.name} hint={NAME_HINT} />
        </Field>
        <fieldset
          id="token-scopes"
          className="space-y-1"
          aria-describedby={fieldErrors.scopes ? "token-scopes-error" : undefined}
        >
          <legend className="text-sm font-medium text-slate-900">Scopes</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={s} className="h-4 w-4" />
              <code>{s}</code> <span className="text-slate-600">{scopeLabels[s]}</span>
            </label>
          ))}
          <FieldErrors id="token-scopes" errors={fieldErrors.scopes} />
        </fieldset>
        <Field id="token-expires" label="Expires on" hint={EXPIRY_HINT} errors={fieldErrors.expiresOn}>
          <Input id="token-expires" name="expiresOn" type="date" errors={fieldErrors.expiresOn} hint={EXPIRY_HINT} />
        </Field>
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create token
        </SubmitButton>
      </form>
    </div>
  );
}

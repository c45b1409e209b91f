"use client";
// Adopting an unowned resource into the customer support chose (lib/services/drift-actions.ts
// adoptFinding); the answer shows under the button. The customers offered are the page's matches.
// Submitted from onSubmit (app/ui/use-submit-action.ts), so a refusal keeps the customer chosen.
import { FormMessage } from "@/app/ui/form-message";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import type { FormResult } from "@/lib/forms/result";
import { driftAction } from "../actions";

type Props = {
  findingId: string;
  customers: { value: string; label: string }[];
  labels: Record<"form" | "customer" | "choose" | "adopt", string>;
};

export function AdoptForm({ findingId, customers, labels }: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(driftAction, {
    ok: false,
    fieldErrors: {},
  } as FormResult<unknown>);
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={labels.form} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="findingId" value={findingId} />
      <label className="text-sm">
        <span className="block">{labels.customer}</span>
        <select
          name="customerId"
          required
          defaultValue=""
          className="max-w-full rounded-md border border-slate-400 bg-white px-2 py-1 text-sm"
        >
          <option value="">{labels.choose}</option>
          {customers.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        name="what"
        value="adopt"
        disabled={pending}
        className="rounded-md bg-blue-700 px-3 py-1 text-sm text-white"
      >
        {labels.adopt}
      </button>
      <div className="w-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

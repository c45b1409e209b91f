"use client";
// Adopting an unowned resource into the customer support chose (lib/services/drift-actions.ts
// adoptFinding); the answer shows under the button. The customers offered are the page's matches.
// A reason is required (kept in the audit event), and the adoption asks first, naming the customer
// and the reseller it is for (app/ui/confirm-submit.tsx): each customer's sentence comes from the
// page, so the words stay on the server. Submitted from onSubmit (app/ui/use-submit-action.ts), so
// a refusal keeps the customer chosen and the reason typed.
import { useState } from "react";
import { SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, Textarea } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import type { FormResult } from "@/lib/forms/result";
import { driftAction } from "../actions";

type Props = {
  findingId: string;
  /** The token of the identity the page showed (lib/services/drift-seen.ts): the adoption rests on it. */
  seen: string;
  /** `consequence`: what adopting into this customer does, naming the customer and its reseller. */
  customers: { value: string; label: string; consequence: string }[];
  labels: Record<"form" | "customer" | "choose" | "adopt" | "reason" | "adoptYes" | "keep", string>;
};

export function AdoptForm({ findingId, seen, customers, labels }: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(driftAction, {
    ok: false,
    fieldErrors: {},
  } as FormResult<unknown>);
  const [chosen, setChosen] = useState("");
  const consequence = customers.find((c) => c.value === chosen)?.consequence;
  const errors = state.ok ? undefined : state.fieldErrors.reason;
  return (
    <form
      noValidate
      action={formAction}
      onSubmit={onSubmit}
      aria-label={labels.form}
      className="flex max-w-2xl flex-col items-start gap-3"
    >
      <input type="hidden" name="findingId" value={findingId} />
      <input type="hidden" name="what" value="adopt" />
      <input type="hidden" name="seen" value={seen} />
      <label className="text-sm">
        <span className="block">{labels.customer}</span>
        <select
          name="customerId"
          required
          value={chosen}
          onChange={(e) => setChosen(e.target.value)}
          className="max-w-full rounded-md border border-slate-500 bg-white px-2 py-1 text-sm"
        >
          <option value="">{labels.choose}</option>
          {customers.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <Field id="adopt-reason" label={labels.reason} required errors={errors} className="w-full">
        <Textarea id="adopt-reason" name="reason" rows={2} required errors={errors} />
      </Field>
      {/* Without a customer chosen there is nothing to confirm: the button submits, and the
          browser asks for the customer. The panel closes when the choice changes. */}
      <SubmitOrConfirm
        key={chosen}
        label={labels.adopt}
        confirm={consequence ? { consequence, confirmLabel: labels.adoptYes, keepLabel: labels.keep } : undefined}
        pending={pending}
      />
      <div className="w-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

"use client";
// The actions support can take on one drift finding; the answer shows next to the buttons.
import { useActionState } from "react";
import type { FormResult } from "@/lib/forms/result";
import { driftAction } from "./actions";

type Labels = Record<
  "customer" | "choose" | "adopt" | "recreate" | "recreateHint" | "markGone" | "reason" | "dismiss",
  string
>;
type Props = { findingId: string; type: string; customers: { value: string; label: string }[]; labels: Labels };
const control = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm";

export function FindingForm({ findingId, type, customers, labels }: Props) {
  const [state, formAction, pending] = useActionState(driftAction, {
    ok: false,
    fieldErrors: {},
  } as FormResult<unknown>);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="findingId" value={findingId} />
      {type === "unowned" ? (
        <>
          <label className="text-sm">
            <span className="block">{labels.customer}</span>
            <select name="customerId" className={control} defaultValue="">
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
        </>
      ) : null}
      {type === "missing" ? (
        <>
          <button
            type="submit"
            name="what"
            value="recreate"
            disabled={pending}
            className="rounded-md bg-blue-700 px-3 py-1 text-sm text-white"
            title={labels.recreateHint}
          >
            {labels.recreate}
          </button>
          <button type="submit" name="what" value="gone" className="rounded-md bg-red-700 px-3 py-1 text-sm text-white">
            {labels.markGone}
          </button>
        </>
      ) : null}
      <label className="text-sm">
        <span className="block">{labels.reason}</span>
        <input name="reason" className={control} />
      </label>
      <button
        type="submit"
        name="what"
        value="dismiss"
        className="rounded-md border border-slate-400 px-3 py-1 text-sm"
      >
        {labels.dismiss}
      </button>
      <p role="status" className="w-full text-sm">
        {state.ok ? state.message : state.formError}
      </p>
    </form>
  );
}

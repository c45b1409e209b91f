"use client";
// What support can do with one drift finding from the list; the answer shows next to the buttons.
// An unowned resource is adopted on a page of its own (../[id]/page.tsx), where the customer is
// found by a search: offering every customer in every such row made the list megabytes long.
// Submitted from onSubmit (app/ui/use-submit-action.ts), so a refusal keeps the reason typed.
import Link from "next/link";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import type { FormResult } from "@/lib/forms/result";
import { driftAction } from "../actions";

export type FindingFormLabels = Record<
  "adoptLink" | "recreate" | "recreateHint" | "markGone" | "reason" | "dismiss",
  string
>;
type Props = {
  findingId: string;
  type: string;
  /** For an unowned resource: where it is adopted, and the link's name for screen readers. */
  adopt: { href: string; label: string } | null;
  labels: FindingFormLabels;
};
const control = "rounded-md border border-slate-400 bg-white px-2 py-1 text-sm";

export function FindingForm({ findingId, type, adopt, labels }: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(driftAction, {
    ok: false,
    fieldErrors: {},
  } as FormResult<unknown>);
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="findingId" value={findingId} />
      {type === "unowned" && adopt ? (
        // Not prefetched: each adoption page reads customers, and a page of findings holds up to 100.
        <Link
          href={adopt.href}
          prefetch={false}
          aria-label={adopt.label}
          className="rounded-md bg-blue-700 px-3 py-1 text-sm text-white"
        >
          {labels.adoptLink}
        </Link>
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

"use client";
// What support can do with one drift finding from the list; the answer shows next to the buttons.
// An unowned resource is adopted on a page of its own (../[id]/page.tsx), where the customer is
// found by a search: offering every customer in every such row made the list megabytes long.
// One reason serves every action of the finding, and each requires it (lib/ checks it again and
// keeps it in the action's audit event). Re-create (a real order) and mark gone (the service
// ends) ask first, saying what will happen (app/ui/confirm-submit.tsx); dismiss does not.
// Submitted from onSubmit (app/ui/use-submit-action.ts), so a refusal keeps the reason typed.
import Link from "next/link";
import { useRef } from "react";
import { SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, Textarea } from "@/app/ui/field";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import type { FormResult } from "@/lib/forms/result";
import { driftAction } from "../actions";

export type FindingFormLabels = Record<
  "adoptLink" | "recreate" | "recreateHint" | "markGone" | "reason" | "dismiss" | "keep" | "goneYes" | "recreateYes",
  string
>;
type Props = {
  findingId: string;
  /** The token of the details this row shows (lib/services/drift-seen.ts): a dismissal accepts only those. */
  seen: string;
  type: string;
  /** For an unowned resource: where it is adopted, and the link's name for screen readers. */
  adopt: { href: string; label: string } | null;
  /** For a missing resource: what marking it gone and re-creating it do, in a sentence each. */
  consequences: { gone: string; recreate: string } | null;
  labels: FindingFormLabels;
};

type What = "recreate" | "gone" | "dismiss";

export function FindingForm({ findingId, seen, type, adopt, consequences, labels }: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(driftAction, {
    ok: false,
    fieldErrors: {},
  } as FormResult<unknown>);
  // The confirmation's own submit button carries no name, so the action a click belongs to is
  // written into the form before the submit event reads it (a state update would come too late).
  const what = useRef<HTMLInputElement>(null);
  const choose = (w: What) => () => {
    if (what.current) what.current.value = w;
  };
  const reasonId = `drift-reason-${findingId}`;
  const errors = state.ok ? undefined : state.fieldErrors.reason;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="findingId" value={findingId} />
      <input type="hidden" name="seen" value={seen} />
      <input type="hidden" name="what" ref={what} defaultValue="dismiss" />
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
      <Field id={reasonId} label={labels.reason} required errors={errors} className="min-w-48">
        {/* Several lines, as every other reason box: a single-line input drops a pasted text's line breaks. */}
        <Textarea id={reasonId} name="reason" rows={2} required errors={errors} />
      </Field>
      {type === "missing" && consequences ? (
        <>
          <div onClickCapture={choose("recreate")} title={labels.recreateHint}>
            <SubmitOrConfirm
              label={labels.recreate}
              confirm={{ consequence: consequences.recreate, confirmLabel: labels.recreateYes, keepLabel: labels.keep }}
              pending={pending}
            />
          </div>
          <div onClickCapture={choose("gone")}>
            <SubmitOrConfirm
              label={labels.markGone}
              confirm={{ consequence: consequences.gone, confirmLabel: labels.goneYes, keepLabel: labels.keep }}
              variant="danger"
              pending={pending}
            />
          </div>
        </>
      ) : null}
      <div onClickCapture={choose("dismiss")}>
        <SubmitOrConfirm label={labels.dismiss} variant="secondary" pending={pending} />
      </div>
      <p role="status" className="w-full text-sm">
        {state.ok ? state.message : state.formError}
      </p>
    </form>
  );
}

"use client";
// Create or edit a customer. The same schema checks the input here and in the action. No
// maxLength on the boxes: a browser cuts a longer paste without a word (and counts UTF-16 units,
// not characters); the schema refuses it instead and says how long it may be.
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { ButtonLink } from "@/app/ui/button";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field, Input, Textarea } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { CUSTOMER_FIELDS, type CustomerField, customerSchema } from "@/lib/customers/schemas";
import { summaryItems, zodFieldErrors } from "../_components/form-errors";
import { type FormAction, useFormAction } from "../_components/use-form-action";

type Props = {
  action: FormAction<unknown>;
  initial: Record<CustomerField, string>;
  submitLabel: string;
  cancelHref: string;
  /**
   * Editing: the customer's updatedAt as this page read it (ISO time), sent back with the save so
   * a save on a copy someone else has changed since is refused instead of undoing their change.
   */
  updatedAt?: string;
};

export function CustomerForm({ action, initial, submitLabel, cancelHref, updatedAt }: Props) {
  const t = useTranslations("customers");
  const locale = useLocale();
  const customerLabels = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, t(`fields.${f}`)])) as Record<
    CustomerField,
    string
  >;
  const hints: Partial<Record<CustomerField, string>> = { reference: t("hints.reference"), notes: t("hints.notes") };
  const { state, onSubmit, pending, fieldErrors, formError, summaryRef } = useFormAction(action, (fd) =>
    zodFieldErrors(customerSchema, Object.fromEntries(fd), locale),
  );
  // Refused because someone saved the customer meanwhile: what they saved is shown under each field
  // they changed, and the next save sends their version, so a second, deliberate save goes through
  // instead of being refused again. A field this person left as it was shown takes their value, so
  // that save does not put the old one back; one this person typed in keeps the typing. The version
  // and what each box was last filled with are kept across later answers (another refusal, a
  // second conflict), not only while this answer is on screen.
  const meanwhile = state.ok ? undefined : state.meanwhile;
  const [version, setVersion] = useState(updatedAt);
  const shown = useRef<Record<string, string>>(initial);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!meanwhile || !form.current) return;
    setVersion(meanwhile.version);
    for (const name of CUSTOMER_FIELDS) {
      const box = form.current.elements.namedItem(name);
      if (
        (box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement) &&
        sameText(box.value, shown.current[name] ?? "")
      )
        box.value = meanwhile.values[name] ?? "";
    }
    shown.current = meanwhile.values;
  }, [meanwhile]);
  const savedMeanwhile = (name: CustomerField) =>
    meanwhile && !sameText(meanwhile.values[name] ?? "", initial[name]) ? (
      <p className="mt-1 text-sm text-amber-800" data-testid={`meanwhile-${name}`}>
        {meanwhile.values[name] ? t("savedMeanwhile", { value: meanwhile.values[name] }) : t("clearedMeanwhile")}
      </p>
    ) : null;
  const fields = CUSTOMER_FIELDS.map((name) => ({ id: `customer-${name}`, name, label: customerLabels[name] }));
  const common = (name: CustomerField) => ({
    id: `customer-${name}`,
    name,
    defaultValue: initial[name],
    hint: hints[name],
    errors: fieldErrors[name],
  });

  return (
    <form ref={form} method="post" onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(fields, fieldErrors)} />
      {version ? <input type="hidden" name="updatedAt" value={version} /> : null}
      <Field id="customer-name" label={customerLabels.name} required errors={fieldErrors.name}>
        <Input {...common("name")} required autoComplete="organization" />
        {savedMeanwhile("name")}
      </Field>
      <Field id="customer-email" label={customerLabels.email} errors={fieldErrors.email}>
        <Input {...common("email")} type="email" autoComplete="email" />
        {savedMeanwhile("email")}
      </Field>
      <Field
        id="customer-reference"
        label={customerLabels.reference}
        hint={hints.reference}
        errors={fieldErrors.reference}
      >
        <Input {...common("reference")} />
        {savedMeanwhile("reference")}
      </Field>
      <Field id="customer-notes" label={customerLabels.notes} hint={hints.notes} errors={fieldErrors.notes}>
        <Textarea {...common("notes")} rows={4} />
        {savedMeanwhile("notes")}
      </Field>
      <div className="flex flex-wrap gap-2">
        <SubmitButton needsScript pending={pending} pendingLabel={t("saving")}>
          {submitLabel}
        </SubmitButton>
        <ButtonLink href={cancelHref} variant="secondary">
          {t("cancel")}
        </ButtonLink>
      </div>
    </form>
  );
}

/**
 * The same text, line breaks aside: a text box holds its lines joined by LF, while notes saved from
 * a form before the schema kept LF were stored with the CRLF of the browser's form encoding.
 */
function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n?/g, "\n") === b.replace(/\r\n?/g, "\n");
}

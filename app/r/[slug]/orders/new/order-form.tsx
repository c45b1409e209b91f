"use client";
// The one generic order form: every kind renders from its schema module's fieldSections, and is
// checked in the browser with the same formSchema the server action uses (docs/design.md invariant 8).
import { useState } from "react";
import { ButtonLink } from "@/app/ui/button";
import { ErrorSummary } from "@/app/ui/error-summary";
import { Field } from "@/app/ui/field";
import { Select } from "@/app/ui/select";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FieldErrors } from "@/lib/forms/result";
import { type FieldOption, fieldErrorsOf, formDataToInput, type OrderKindName, orderKinds } from "@/lib/orders/schemas";
import { planNames } from "@/lib/orders/schemas/qboxmail-plans";
import { type FormAction, useFormAction } from "../../_components/use-form-action";
import { FieldControl } from "./field-control";
import { type FormValues, fieldId } from "./form-values";
import { NameWarning } from "./name-warning";

export type OrderFormProps = {
  kind: OrderKindName;
  action: FormAction<unknown>;
  idempotencyKey: string;
  initialValues: FormValues;
  customers: { value: string; label: string }[];
  customerId?: string;
  /** Resubmitting keeps the failed order's customer. */
  fixedCustomer?: { id: string; name: string };
  dynamicOptions: Record<string, FieldOption[]>;
  /** The upstream's reasons from the failed order being resubmitted. */
  initialErrors?: FieldErrors;
  cancelHref: string;
  submitLabel: string;
  /** The reseller's orders path (/r/<slug>/orders): name check and links to existing orders. */
  ordersPath: string;
};

/** The field holding each kind's name: checked against this portal and the provider before submitting. */
const NAME_FIELDS: Record<OrderKindName, string> = {
  grommunio_domain: "domainname",
  grommunio_server: "hostname",
  qboxmail_domain: "name",
  qboxmail_manager: "email_address",
};

const IDNA_FIELDS: Partial<Record<OrderKindName, { name: string; maxLength: number }>> = {
  grommunio_domain: { name: "domainname", maxLength: 64 },
  qboxmail_domain: { name: "name", maxLength: 253 },
};

export function OrderForm(props: OrderFormProps) {
  const { kind, initialValues, dynamicOptions } = props;
  const def = orderKinds[kind];
  const [plan, setPlan] = useState(String(initialValues.plan ?? "basic"));
  const [touched, setTouched] = useState(false);
  const {
    onSubmit,
    pending,
    fieldErrors: liveErrors,
    formError,
    summaryRef,
  } = useFormAction(props.action, (fd) => {
    setTouched(true);
    return validate(kind, fd, Boolean(props.fixedCustomer));
  });
  // Until the first submit, show the failed order's upstream reasons on their fields.
  const fieldErrors = touched ? liveErrors : (props.initialErrors ?? {});
  const fields = def.fieldSections.flatMap((s) => s.fields);
  const summary = [
    ...(fieldErrors.customerId?.length
      ? [{ id: "field-customerId", label: "Customer", messages: fieldErrors.customerId }]
      : []),
    ...fields
      .filter((f) => fieldErrors[f.name]?.length)
      .map((f) => ({ id: fieldId(f.name), label: f.label, messages: fieldErrors[f.name] ?? [] })),
    ...Object.entries(fieldErrors)
      .filter(([k, v]) => v?.length && k !== "customerId" && !fields.some((f) => f.name === k))
      .map(([k, v]) => ({ id: "order-form", label: k === "_form" ? "Order" : k, messages: v ?? [] })),
  ];
  const idna = IDNA_FIELDS[kind];

  return (
    <form id="order-form" onSubmit={onSubmit} noValidate className="space-y-6" aria-label={`New ${def.label} order`}>
      <ErrorSummary ref={summaryRef} formError={formError} items={summary} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <div className="max-w-md">
        {props.fixedCustomer ? (
          <p className="text-sm">
            <span className="font-medium">Customer:</span> {props.fixedCustomer.name}
          </p>
        ) : (
          <Field
            id="field-customerId"
            label="Customer"
            required
            errors={fieldErrors.customerId}
            hint="Who this order is for."
          >
            <Select
              id="field-customerId"
              name="customerId"
              required
              options={props.customers}
              placeholder="Choose a customer"
              defaultValue={props.customerId ?? ""}
              hint="Who this order is for."
              errors={fieldErrors.customerId}
            />
          </Field>
        )}
      </div>
      {def.fieldSections.map((section) => {
        const sectionHasErrors = section.fields.some((f) => fieldErrors[f.name]?.length);
        const nameField = section.fields.find((f) => f.name === NAME_FIELDS[kind]);
        const body = (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              {section.fields.map((field) => {
                const locked = field.plans && !field.plans.some((allowed) => allowed === plan);
                return (
                  <FieldControl
                    key={field.name}
                    field={field}
                    value={initialValues[field.name]}
                    errors={fieldErrors[field.name]}
                    disabledReason={locked ? `Available on ${planNames(field.plans ?? [])} only.` : undefined}
                    options={dynamicOptions[field.name]}
                    idnaMaxLength={idna?.name === field.name ? idna.maxLength : undefined}
                    onValue={field.name === "plan" ? (_, v) => setPlan(v) : undefined}
                  />
                );
              })}
            </div>
            {nameField ? (
              <NameWarning
                checkUrl={`${props.ordersPath}/name-check`}
                kind={kind}
                fieldId={fieldId(nameField.name)}
                ordersPath={props.ordersPath}
                provider={def.provider === "grommunio" ? "grommunio" : "Qboxmail"}
              />
            ) : null}
          </>
        );
        const collapsible = section.fields.every((f) => f.name.startsWith("syncPolicy."));
        if (collapsible) {
          return (
            <details
              key={section.id}
              open={sectionHasErrors || undefined}
              className="rounded-md border border-slate-200 bg-white p-4"
            >
              <summary className="cursor-pointer text-lg font-semibold">
                {section.title} ({section.fields.length} settings)
              </summary>
              {section.description ? <p className="mb-3 mt-1 text-sm text-slate-600">{section.description}</p> : null}
              <div className="mt-3">{body}</div>
            </details>
          );
        }
        return (
          <section
            key={section.id}
            aria-labelledby={`section-${section.id}`}
            className="rounded-md border border-slate-200 bg-white p-4"
          >
            <h2 id={`section-${section.id}`} className="mb-3 text-lg font-semibold">
              {section.title}
            </h2>
            {section.description ? <p className="mb-3 text-sm text-slate-600">{section.description}</p> : null}
            {body}
          </section>
        );
      })}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={pending} pendingLabel="Placing order…">
          {props.submitLabel}
        </SubmitButton>
        <ButtonLink href={props.cancelHref}>Cancel</ButtonLink>
      </div>
    </form>
  );
}

function validate(kind: OrderKindName, fd: FormData, customerFixed: boolean): FieldErrors | null {
  const parsed = orderKinds[kind].formSchema.safeParse(formDataToInput(kind, fd));
  const errors: FieldErrors = parsed.success ? {} : { ...fieldErrorsOf(parsed.error).fieldErrors };
  if (!parsed.success) {
    const formErrors = fieldErrorsOf(parsed.error).formErrors;
    if (formErrors.length) errors._form = formErrors;
  }
  if (!customerFixed && !fd.get("customerId")) errors.customerId = ["Choose the customer this order is for"];
  return Object.keys(errors).length ? errors : null;
}

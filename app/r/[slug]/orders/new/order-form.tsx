"use client";
// The one generic order form: every kind renders from its schema module's fieldSections, and is
// checked in the browser with the same formSchema the server action uses (docs/design.md invariant 8).
// Texts come from messages/ (orderForm, orderFields); see docs/order-form.md for what it offers.
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { ButtonLink } from "@/app/ui/button";
import { ErrorSummary } from "@/app/ui/error-summary";
import type { PickerOption } from "@/app/ui/search-picker";
import { SelectField } from "@/app/ui/select";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FieldErrors } from "@/lib/forms/result";
import { parseOptionsFor } from "@/lib/i18n/zod-errors";
import {
  type FieldMeta,
  fieldErrorsOf,
  formDataToInput,
  labelledFieldSections,
  type OrderKindName,
  orderKinds,
} from "@/lib/orders/schemas";
import { POLICY_CHOICE } from "@/lib/orders/schemas/form-data";
import { changedPolicySettings } from "@/lib/orders/schemas/policy-changes";
import { lowestPlan } from "@/lib/orders/schemas/qboxmail-plans";
import { type FormAction, useFormAction } from "../../_components/use-form-action";
import { DomainPicker } from "./domain-picker";
import { FieldControl, useFieldText } from "./field-control";
import { type FormValues, fieldId, IDNA_FIELDS } from "./form-values";
import { NameWarning } from "./name-warning";
import { CustomerPicker, HomeServerPicker } from "./pickers";

export type OrderFormProps = {
  kind: OrderKindName;
  action: FormAction<unknown>;
  idempotencyKey: string;
  initialValues: FormValues;
  /** The select's customers; with customerSearch, only the one the form starts on (if any). */
  customers: { value: string; label: string }[];
  /** More customers than a select lists: the customer is found by a search instead. */
  customerSearch?: boolean;
  customerId?: string;
  /** Resubmitting keeps the failed order's customer. */
  fixedCustomer?: { id: string; name: string };
  /** What the pickers start with (resubmitting), by field name, with labels. */
  pickerInitial: Record<string, PickerOption[]>;
  /** The upstream's reasons from the failed order being resubmitted. */
  initialErrors?: FieldErrors;
  cancelHref: string;
  submitLabel: string;
  /** The reseller's orders path (/r/<slug>/orders): name check, pickers and links to existing orders. */
  ordersPath: string;
  /** Resubmitting an order that gave its domain an ActiveSync policy of its own. */
  ownPolicy?: boolean;
};

/** The field holding each kind's name: checked against this portal and the provider before submitting. */
const NAME_FIELDS: Record<OrderKindName, string> = {
  grommunio_domain: "domainname",
  grommunio_server: "hostname",
  qboxmail_domain: "name",
  qboxmail_manager: "email_address",
};

/** Payload fields whose errors show on another form control (the picker holds both). */
const SHOWN_ON: Record<string, string> = { homeserverOrderId: "homeserver" };

export function OrderForm(props: OrderFormProps) {
  const { kind, initialValues } = props;
  const def = orderKinds[kind];
  const t = useTranslations("orderForm");
  const tf = useTranslations("orderFields");
  const text = useFieldText(kind);
  const [plan, setPlan] = useState(String(initialValues.plan ?? "basic"));
  const [customerId, setCustomerId] = useState(props.fixedCustomer?.id ?? props.customerId ?? "");
  const followCustomer = useCallback((values: string[]) => setCustomerId(values[0] ?? ""), []);
  // Resubmitting an order with its own policy shows its changes from the start.
  const [changed, setChanged] = useState<ReadonlySet<string>>(
    () =>
      new Set(
        changedPolicySettings(
          Object.fromEntries(
            Object.entries(initialValues)
              .filter(([name]) => name.startsWith("syncPolicy."))
              .map(([name, value]) => [name.slice("syncPolicy.".length), value]),
          ),
        ),
      ),
  );
  // A grommunio domain follows the provider's ActiveSync policy unless the reseller asks for one
  // of its own: only then are the policy's settings shown, and so sent (docs/order-form.md).
  const [ownPolicy, setOwnPolicy] = useState(Boolean(props.ownPolicy));
  const [touched, setTouched] = useState(false);
  // zod's own wording in the person's language too (lib/i18n/zod-errors.ts).
  const locale = useLocale();
  const {
    onSubmit,
    pending,
    fieldErrors: liveErrors,
    formError,
    summaryRef,
  } = useFormAction(
    props.action,
    (fd) => {
      setTouched(true);
      return validate(kind, fd, Boolean(props.fixedCustomer), t("chooseCustomerError"), locale);
    },
    "orderAnswerLost",
  );
  // Until the first submit, show the failed order's upstream reasons on their fields.
  const fieldErrors = moveErrors(touched ? liveErrors : (props.initialErrors ?? {}));
  const fields = def.fieldSections.flatMap((s) => s.fields);
  // A field no control shows (one an administrator sets for the reseller) by its label, as the
  // order page names it, never by its upstream name.
  const otherLabel = (name: string) => {
    const field = labelledFieldSections(kind)
      .flatMap((s) => s.fields)
      .find((f) => f.name === name);
    return field ? text.label(field) : name;
  };
  const summary = [
    ...(fieldErrors.customerId?.length
      ? [{ id: "field-customerId", label: t("customer"), messages: fieldErrors.customerId }]
      : []),
    ...fields
      .filter((f) => fieldErrors[f.name]?.length)
      .map((f) => ({ id: fieldId(f.name), label: text.label(f), messages: fieldErrors[f.name] ?? [] })),
    ...Object.entries(fieldErrors)
      .filter(([k, v]) => v?.length && k !== "customerId" && !fields.some((f) => f.name === k))
      .map(([k, v]) => ({ id: "order-form", label: k === "_form" ? t("order") : otherLabel(k), messages: v ?? [] })),
  ];
  const idna = IDNA_FIELDS[kind];
  const hasPolicy = def.fieldSections.some((s) => s.id.startsWith("policy-"));
  const trackPolicy = (form: HTMLFormElement) => {
    const input = formDataToInput(kind, new FormData(form));
    setChanged(new Set(changedPolicySettings(input.syncPolicy as Record<string, unknown> | undefined)));
  };

  const renderField = (field: FieldMeta) => {
    const common = {
      id: fieldId(field.name),
      name: field.name,
      label: text.label(field),
      hint: text.help(field),
      errors: fieldErrors[field.name],
      customerId,
      ordersPath: props.ordersPath,
    };
    if (field.input === "server")
      return <HomeServerPicker key={field.name} {...common} initial={props.pickerInitial[field.name]?.[0]} />;
    if (kind === "qboxmail_manager" && field.name === "domain_codes")
      return <DomainPicker key={field.name} {...common} initial={props.pickerInitial[field.name] ?? []} />;
    const locked = field.plans && !field.plans.some((allowed) => allowed === plan);
    return (
      <FieldControl
        key={field.name}
        kind={kind}
        field={field}
        value={initialValues[field.name]}
        errors={fieldErrors[field.name]}
        disabledReason={locked ? t("onlyOnPlans", { plan: lowestPlan(field.plans ?? []) }) : undefined}
        idnaMaxLength={idna?.name === field.name ? idna.maxLength : undefined}
        onValue={field.name === "plan" ? (_, v) => setPlan(v) : undefined}
        changed={field.name.startsWith("syncPolicy.") && changed.has(field.name.slice("syncPolicy.".length))}
      />
    );
  };

  return (
    <form
      id="order-form"
      method="post"
      onSubmit={onSubmit}
      onChange={hasPolicy ? (e) => trackPolicy(e.currentTarget) : undefined}
      noValidate
      className="space-y-6"
      aria-label={t("formLabel", { kind: tf(`${kind}.kindLabel`) })}
    >
      <ErrorSummary ref={summaryRef} formError={formError} items={summary} />
      <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      <div className="max-w-md">
        {props.fixedCustomer ? (
          <p className="text-sm">
            <span className="font-medium">{t("customer")}:</span> {props.fixedCustomer.name}
          </p>
        ) : props.customerSearch ? (
          <CustomerPicker
            id="field-customerId"
            name="customerId"
            label={t("customer")}
            hint={t("customerSearchHint")}
            errors={fieldErrors.customerId}
            ordersPath={props.ordersPath}
            initial={props.customers}
            onChange={followCustomer}
          />
        ) : (
          <SelectField
            id="field-customerId"
            name="customerId"
            label={t("customer")}
            required
            options={props.customers}
            placeholder={t("chooseCustomer")}
            defaultValue={props.customerId ?? ""}
            hint={t("customerHint")}
            errors={fieldErrors.customerId}
            onChange={(e) => setCustomerId(e.target.value)}
          />
        )}
      </div>
      {hasPolicy ? (
        <fieldset className="rounded-md border border-slate-200 bg-white p-4">
          <legend className="px-1 text-lg font-semibold">{t("policyChoice")}</legend>
          {(["provider", "own"] as const).map((choice) => (
            <label key={choice} className="mt-2 flex items-start gap-2">
              <input
                type="radio"
                name={POLICY_CHOICE}
                value={choice}
                checked={ownPolicy === (choice === "own")}
                onChange={() => setOwnPolicy(choice === "own")}
                className="mt-1 h-4 w-4"
              />
              <span>{t(choice === "own" ? "policyOwn" : "policyProvider")}</span>
            </label>
          ))}
          {ownPolicy ? (
            <p className="mt-3 text-sm text-slate-700">{t("policyIntro", { count: changed.size })}</p>
          ) : null}
        </fieldset>
      ) : null}
      {def.fieldSections.map((section) => {
        const sectionHasErrors = section.fields.some((f) => fieldErrors[f.name]?.length);
        const nameField = section.fields.find((f) => f.name === NAME_FIELDS[kind]);
        const title = tf.has(`${kind}.sections.${section.id}`) ? tf(`${kind}.sections.${section.id}`) : section.title;
        const body = (
          <>
            <div className="grid gap-4 sm:grid-cols-2">{section.fields.map(renderField)}</div>
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
        if (section.id.startsWith("policy-")) {
          if (!ownPolicy) return null;
          const changedHere = section.fields.filter((f) => changed.has(f.name.slice("syncPolicy.".length))).length;
          return (
            <details
              key={section.id}
              open={sectionHasErrors || undefined}
              className="rounded-md border border-slate-200 bg-white p-4"
            >
              <summary className="cursor-pointer text-lg font-semibold">
                {t("policyGroup", { title, count: section.fields.length, changed: changedHere })}
              </summary>
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
              {title}
            </h2>
            {body}
          </section>
        );
      })}
      <div className="flex flex-wrap gap-2">
        <SubmitButton needsScript pending={pending} pendingLabel={t("placing")}>
          {props.submitLabel}
        </SubmitButton>
        <ButtonLink href={props.cancelHref}>{t("cancel")}</ButtonLink>
      </div>
    </form>
  );
}

/** Errors of payload fields shown on another control move there, without repeating a message. */
function moveErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...errors };
  for (const [from, to] of Object.entries(SHOWN_ON)) {
    const moved = out[from];
    if (!moved?.length) continue;
    out[to] = [...new Set([...(out[to] ?? []), ...moved])];
    delete out[from];
  }
  return out;
}

function validate(
  kind: OrderKindName,
  fd: FormData,
  customerFixed: boolean,
  chooseCustomer: string,
  locale: string,
): FieldErrors | null {
  const parsed = orderKinds[kind].formSchema.safeParse(formDataToInput(kind, fd), parseOptionsFor(locale));
  const errors: FieldErrors = parsed.success ? {} : { ...fieldErrorsOf(parsed.error).fieldErrors };
  if (!parsed.success) {
    const formErrors = fieldErrorsOf(parsed.error).formErrors;
    if (formErrors.length) errors._form = formErrors;
  }
  if (!customerFixed && !fd.get("customerId")) errors.customerId = [chooseCustomer];
  return Object.keys(errors).length ? errors : null;
}

"use client";
// One change of a service as a form: the order form's controls (labels, switches, units, "No
// limit" boxes) prefilled from the provider, of which only what the person changed is sent; or
// just a button (suspend, resume), or a typed name (delete). Submitting places a change order
// and opens its live order page; a refusal is shown here, next to the field it is about.
import { useTranslations } from "next-intl";
import { Fragment, useEffect, useRef, useState } from "react";
import { type Confirmation, SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { InputField } from "@/app/ui/field";
import { FormErrorAlert } from "@/app/ui/form-message";
import type { PickerOption } from "@/app/ui/search-picker";
import type { FormResult } from "@/lib/forms/result";
import type { FieldSection, OrderKindName } from "@/lib/orders/schemas/types";
import { SHOWN_FIELD } from "@/lib/services/change-fields";
import { useFormAction } from "../../_components/use-form-action";
import { DomainPicker } from "../../orders/new/domain-picker";
import { FieldControl, useFieldText } from "../../orders/new/field-control";
import { fieldId, formValuesFrom } from "../../orders/new/form-values";

/** The server action a change form posts to: it places the change order. */
export type ChangeAction = (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>>;

type Props = {
  action: ChangeAction;
  idempotencyKey: string;
  submitLabel: string;
  /** The settings form: the order form's fields, prefilled from the provider's settings. */
  fields?: ChangeFields;
  confirmName?: string;
  danger?: boolean;
  idPrefix: string;
  /** Ask before placing the order, saying what it does (suspend/disable). */
  confirm?: Confirmation;
  /** One checkbox the order takes, sent as "true" when ticked (off by default). */
  option?: { name: string; label: string };
  /** Fixed values the form sends (a grommunio domain's "use the default policy"). */
  hidden?: Record<string, string>;
};

/** Fields (flat, or in titled groups) of one kind, and the settings they start from. */
export type ChangeFields = {
  kind: OrderKindName;
  sections: FieldSection[];
  settings: Record<string, unknown>;
  /** What the form shows, as the server compares it (change-fields.ts shownValues). */
  shown: Record<string, string>;
  /** Fields greyed out, with why (a feature the domain's plan lacks: change-fields.ts planLockedFields). */
  locked?: Record<string, string>;
  /** A manager's domains, chosen with the order form's picker instead of typed as codes. */
  domainPicker?: DomainPickerStart;
  /**
   * The provider's problems with the service's last change, by this form's fields, in words: shown
   * until the form is first sent, with `settings` holding what that change asked for.
   */
  refusedErrors?: Record<string, string[]>;
  /** The note above the form while `refusedErrors` show (a password form's asks for the password again). */
  refusedNote?: "lastChangeRefused" | "lastPasswordChangeRefused";
};

/** Where the domain picker starts: the field, the domains set now with their names, whose they are. */
export type DomainPickerStart = { field: string; initial: PickerOption[]; customerId: string; ordersPath: string };

type Errors = Partial<Record<string, readonly string[]>>;

function ChangeSections({ fields, errors }: { fields: ChangeFields; errors: Errors }) {
  const tf = useTranslations("orderFields");
  const text = useFieldText(fields.kind);
  const values = formValuesFrom(fields.sections, {}, fields.settings);
  const picker = fields.domainPicker;
  const grid = (section: FieldSection) => (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {section.fields.map((f) =>
        picker?.field === f.name ? (
          // The whole list is sent, an empty one as "", so removing every domain is a change too.
          <div key={f.name} className="sm:col-span-2 lg:col-span-3">
            <DomainPicker
              id={fieldId(f.name)}
              name={f.name}
              label={text.label(f)}
              hint={text.changeHelp(f) ?? text.help(f)}
              errors={errors[f.name] ? [...(errors[f.name] ?? [])] : undefined}
              customerId={picker.customerId}
              ordersPath={picker.ordersPath}
              initial={picker.initial}
              sendEmpty
            />
          </div>
        ) : (
          <FieldControl
            key={f.name}
            kind={fields.kind}
            field={f}
            value={values[f.name]}
            disabledReason={fields.locked?.[f.name]}
            errors={errors[f.name] ? [...(errors[f.name] ?? [])] : undefined}
          />
        ),
      )}
    </div>
  );
  const only = fields.sections.length === 1 ? fields.sections[0] : undefined;
  if (only) return grid(only);
  return (
    <>
      {fields.sections.map((section) => (
        <fieldset key={section.id} className="space-y-2">
          <legend className="font-medium">
            {tf.has(`${fields.kind}.sections.${section.id}`)
              ? tf(`${fields.kind}.sections.${section.id}`)
              : section.title}
          </legend>
          {grid(section)}
        </fieldset>
      ))}
    </>
  );
}

export function ChangeForm({
  action,
  idempotencyKey,
  submitLabel,
  fields,
  confirmName,
  danger,
  idPrefix,
  confirm,
  option,
  hidden,
}: Props) {
  const t = useTranslations("services");
  // The key this form was first shown with, kept while the page refreshes itself around it (each
  // render of the page makes a new one): a form sent again after its answer was lost must carry
  // the same key, or it could place the change a second time. A success leaves the page.
  const [key] = useState(idempotencyKey);
  // Submitted from onSubmit, as the order form is, so a refusal keeps what the person typed
  // (React resets a <form action> after every submission).
  const { state, pending, onSubmit, fieldErrors: answered } = useFormAction(action, undefined, "orderAnswerLost");
  const { started, generation, changedSince, touch } = useStartingReading(fields);
  // A refused change's problems stand until the form is sent; then its own answer's do.
  const [sent, setSent] = useState(false);
  const refusedErrors = sent ? undefined : started?.refusedErrors;
  const errors = refusedErrors ?? answered;
  return (
    <form
      method="post"
      onSubmit={(event) => {
        setSent(true);
        onSubmit(event);
      }}
      onInput={touch}
      onClick={touch}
      onKeyDown={touch}
      noValidate
      className="space-y-3"
    >
      <input type="hidden" name="idempotencyKey" value={key} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {refusedErrors ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t(started?.refusedNote ?? "lastChangeRefused")}
        </p>
      ) : null}
      {started ? (
        <Fragment key={generation}>
          <input type="hidden" name={SHOWN_FIELD} value={JSON.stringify(started.shown)} />
          <ChangeSections fields={started} errors={errors} />
        </Fragment>
      ) : null}
      {changedSince ? (
        <p role="status" className="text-sm text-amber-800">
          {t("changedWhileEditing")}
        </p>
      ) : null}
      {option ? (
        <label htmlFor={`${idPrefix}-${option.name}`} className="flex items-start gap-2 text-sm">
          <input
            id={`${idPrefix}-${option.name}`}
            type="checkbox"
            name={option.name}
            value="true"
            className="mt-0.5 h-4 w-4"
          />
          <span>{option.label}</span>
        </label>
      ) : null}
      {confirmName !== undefined ? (
        <InputField
          id={`${idPrefix}-confirm`}
          name="confirmName"
          label={t("typeToConfirm", { name: confirmName })}
          autoComplete="off"
          errors={errors.confirmName}
        />
      ) : null}
      <SubmitOrConfirm
        needsScript
        label={submitLabel}
        confirm={confirm}
        variant={danger ? "danger" : "primary"}
        confirmVariant="danger"
        pending={pending}
        pendingLabel={t("placing")}
      />
      <FormErrorAlert state={state} />
    </form>
  );
}

/**
 * The reading a settings form started from. The page reads the provider again every 30 s
 * (auto-refresh.tsx), but the controls keep what they first showed: React does not reset a
 * field's typed value or a switch's state to new props. So the shown values sent beside them stay
 * those of the same reading; sent from the newer one, a setting changed elsewhere meanwhile would
 * go back as the control's older value, past the "changed since" check (change-fields.ts).
 * Until the person touches the form it starts again from each new reading; once touched it keeps
 * its own, and says when the provider's settings have moved on.
 */
function useStartingReading(fields: ChangeFields | undefined) {
  const [started, setStarted] = useState(fields);
  const [generation, setGeneration] = useState(0);
  const touched = useRef(false);
  // A new reading moves what the form compares with; a refused change that is history now (or
  // new) moves only what it starts from. Either restarts an untouched form; only the first makes
  // saving refuse fields, so only it is said on a touched one.
  const readingMoved = fields !== undefined && JSON.stringify(fields.shown) !== JSON.stringify(started?.shown);
  const refusalMoved =
    fields !== undefined && JSON.stringify(fields.refusedErrors) !== JSON.stringify(started?.refusedErrors);
  const changed = readingMoved || refusalMoved;
  useEffect(() => {
    if (!changed || touched.current) return;
    setStarted(fields);
    setGeneration((g) => g + 1);
  }, [changed, fields]);
  return {
    started,
    generation,
    changedSince: readingMoved && touched.current,
    touch: () => {
      touched.current = true;
    },
  };
}

"use client";
// One order field, rendered from the schema module's metadata (lib/orders/schemas) with its label,
// help and option names from messages/ (orderFields.<kind>.<name>): the input type decides the
// control; hint and errors are wired with aria-describedby / aria-invalid. Booleans are switches;
// sizes and durations take an amount and a unit; a field with a "no limit" value has a box for it
// (docs/order-form.md).
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { controlAria, FieldLabel, HintAndErrors, inputClass } from "@/app/ui/field";
import { bytesParts } from "@/lib/format/bytes";
import type { FieldMeta, FieldOption, OrderKindName } from "@/lib/orders/schemas";
import { NO_LIMIT_SUFFIX, UNIT_SUFFIX } from "@/lib/orders/schemas/form-data";
import { displayAmount, toDisplay, unitsFor } from "@/lib/orders/schemas/units";
import { type FormValue, fieldId } from "./form-values";
import { IdnaPreview } from "./idna-preview";
import { PasswordInput } from "./password-input";
import { Switch } from "./switch";

export type FieldControlProps = {
  kind: OrderKindName;
  field: FieldMeta;
  value: FormValue | undefined;
  errors?: string[];
  /** Why the field cannot be used now (a plan that lacks the feature); disables it. */
  disabledReason?: string;
  /** Options that come from the reseller's data (domain codes). */
  options?: FieldOption[];
  idnaMaxLength?: number;
  onValue?: (name: string, value: string) => void;
  /** The setting differs from the upstream's default (ActiveSync policy). */
  changed?: boolean;
};

/** The field's label, help and option names in the viewer's language (English metadata as the fallback). */
export function useFieldText(kind: OrderKindName) {
  const t = useTranslations("orderFields");
  return {
    label: (field: FieldMeta) =>
      t.has(`${kind}.${field.name}.label`) ? t(`${kind}.${field.name}.label`) : field.label,
    help: (field: FieldMeta) => (t.has(`${kind}.${field.name}.help`) ? t(`${kind}.${field.name}.help`) : undefined),
    /** The help of a field on a service's change form, where what is chosen replaces what is set. */
    changeHelp: (field: FieldMeta) =>
      t.has(`${kind}.${field.name}.changeHelp`) ? t(`${kind}.${field.name}.changeHelp`) : undefined,
    option: (field: FieldMeta, o: FieldOption) =>
      t.has(`${kind}.${field.name}.options.${o.value}`) ? t(`${kind}.${field.name}.options.${o.value}`) : o.label,
  };
}

/** A current value the list lacks, as a person reads it: a quota as a size in their language. */
function offListText(field: FieldMeta, value: string, format: ReturnType<typeof useFormatter>): string {
  if (field.input !== "quota" || !/^\d+$/.test(value)) return value;
  const { value: amount, unit } = bytesParts(Number(value));
  return `${format.number(amount)} ${unit}`;
}

export function FieldControl(props: FieldControlProps) {
  const { field, errors, disabledReason, kind } = props;
  const text = useFieldText(kind);
  const t = useTranslations("orderForm");
  const id = fieldId(field.name);
  const label = text.label(field);
  const help = text.help(field);
  const hint = [help, field.input === "size" ? t("binarySizes") : null, disabledReason].filter(Boolean).join(" ");
  const marker = props.changed ? (
    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-950">
      {t("changedFromDefault")}
    </span>
  ) : null;
  if (field.input === "checkbox") return <SwitchField {...props} id={id} hint={hint} label={label} marker={marker} />;
  if (field.input === "list" && props.options)
    return <CheckboxGroup {...props} id={id} hint={hint} label={label} options={props.options} />;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center">
        <FieldLabel id={id} required={field.required}>
          {label}
        </FieldLabel>
        {marker}
      </div>
      <Control {...props} id={id} hint={hint} label={label} />
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

type Inner = FieldControlProps & { id: string; hint: string; label: string };

function Control(props: Inner) {
  const format = useFormatter();
  const { field, value, errors, disabledReason, options, idnaMaxLength, onValue, id, hint } = props;
  const t = useTranslations("orderForm");
  const text = useFieldText(props.kind);
  const aria = controlAria(id, hint, errors);
  const common = {
    id,
    name: field.name,
    disabled: Boolean(disabledReason),
    required: field.required,
    className: inputClass,
    ...aria,
  };
  const initial = typeof value === "string" ? value : "";
  const [typed, setTyped] = useState(initial);
  if (field.input === "size" || field.input === "duration" || (field.input === "number" && field.noLimit !== undefined))
    return <AmountControl {...props} />;
  switch (field.input) {
    case "password":
      return (
        <PasswordInput
          id={id}
          name={field.name}
          hint={hint}
          errors={errors}
          required={field.required}
          showStrength={!field.name.endsWith("confirmation")}
        />
      );
    case "select":
    case "quota": {
      const choices = options ?? field.options ?? [];
      // Optional fields without a default may stay unset: the upstream then applies its own default.
      // A change cannot unset one the upstream has no empty value for, once it holds a value.
      const unset = !field.required && field.default === undefined && !(field.keepsValue && initial !== "");
      // A value the list does not hold (read from the provider for a service, say) is offered as
      // it is: otherwise the browser would show another option, and a change form would send it
      // as if the person had chosen it.
      const offList = initial !== "" && !choices.some((o) => String(o.value) === initial);
      return (
        <select {...common} defaultValue={initial} onChange={(e) => onValue?.(field.name, e.target.value)}>
          {unset ? <option value="">{t("providerDefault")}</option> : null}
          {offList ? (
            <option value={initial}>{t("currentValue", { value: offListText(field, initial, format) })}</option>
          ) : null}
          {choices.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {field.yesNo ? t(o.value === 1 ? "yes" : "no") : text.option(field, o)}
            </option>
          ))}
        </select>
      );
    }
    case "list":
      return (
        <textarea
          {...common}
          rows={3}
          defaultValue={Array.isArray(value) ? value.join("\n") : initial}
          placeholder={field.placeholder}
        />
      );
    default: {
      const previewId = `${id}-idna`;
      const input = (
        <input
          {...common}
          // A date is the browser's date picker; its value is YYYY-MM-DD, the form the schemas take.
          type={field.input === "email" ? "email" : field.input === "date" ? "date" : "text"}
          inputMode={field.input === "number" ? "numeric" : undefined}
          autoComplete="off"
          // No maxLength attribute: a browser cuts a longer paste without a word (and counts UTF-16
          // units, not characters); the schema refuses it instead and says how long it may be.
          placeholder={field.placeholder}
          defaultValue={initial}
          aria-describedby={
            [aria["aria-describedby"], idnaMaxLength ? previewId : null].filter(Boolean).join(" ") || undefined
          }
          onChange={idnaMaxLength ? (e) => setTyped(e.target.value) : undefined}
        />
      );
      if (!idnaMaxLength) return input;
      return (
        <>
          {input}
          <IdnaPreview id={previewId} value={typed} maxLength={idnaMaxLength} />
        </>
      );
    }
  }
}

/**
 * A number with its unit (sizes, durations) and/or a "No limit" box. The number is typed in the
 * chosen unit; form-data.ts converts it to the base unit the upstream takes.
 */
function AmountControl({ field, value, errors, disabledReason, id, hint, label }: Inner) {
  const t = useTranslations("orderForm");
  const raw = typeof value === "string" ? value : "";
  // No value at all (a policy key the domain does not set) is no "No limit", even where "No limit"
  // is written as "" (a policy's maxattsize): the box starts unticked, so ticking it sends it.
  const isNoLimit = field.noLimit !== undefined && typeof value === "string" && raw === String(field.noLimit);
  const [noLimit, setNoLimit] = useState(isNoLimit);
  const units = field.unit ? unitsFor(field.unit) : [];
  const shown =
    field.unit && !isNoLimit && /^\d+$/.test(raw)
      ? toDisplay(field.unit, Number(raw))
      : { amount: raw, unit: units[0]?.unit };
  const aria = controlAria(id, hint, errors);
  const off = Boolean(disabledReason) || noLimit;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="w-28">
        <input
          id={id}
          name={field.name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          disabled={off}
          defaultValue={isNoLimit ? "" : typeof shown.amount === "number" ? displayAmount(shown.amount) : shown.amount}
          className={inputClass}
          {...aria}
        />
      </div>
      {units.length > 1 ? (
        <div className="w-32">
          <select
            name={field.name + UNIT_SUFFIX}
            aria-label={t("unitOf", { field: label })}
            defaultValue={shown.unit}
            disabled={off}
            className={inputClass}
          >
            {units.map((u) => (
              <option key={u.unit} value={u.unit}>
                {t(`units.${u.unit}`)}
              </option>
            ))}
          </select>
        </div>
      ) : units.length === 1 && units[0] ? (
        <span className="text-sm text-slate-700">{t(`units.${units[0].unit}`)}</span>
      ) : null}
      {field.noLimit !== undefined ? (
        <label className="flex items-center gap-2 text-sm text-slate-900">
          <input
            type="checkbox"
            name={field.name + NO_LIMIT_SUFFIX}
            value="true"
            checked={noLimit}
            disabled={Boolean(disabledReason)}
            onChange={(e) => setNoLimit(e.target.checked)}
            className="h-4 w-4 accent-blue-700"
          />
          {field.input === "duration" ? t(`never.${field.unit === "d" ? "expire" : "lock"}`) : t("noLimit")}
        </label>
      ) : null}
    </div>
  );
}

function SwitchField({ field, value, errors, disabledReason, id, hint, label, marker }: Inner & { marker: unknown }) {
  const allowed = !disabledReason;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        {/* Remounted when the plan changes so a feature the plan lacks is shown off. */}
        <Switch
          key={allowed ? "on" : "off"}
          id={id}
          name={field.name}
          defaultChecked={allowed && value === true}
          disabled={!allowed}
          {...controlAria(id, hint, errors)}
        />
        <label htmlFor={id} className={`text-sm font-medium ${allowed ? "text-slate-900" : "text-slate-600"}`}>
          {label}
        </label>
        {marker as React.ReactNode}
      </div>
      <HintAndErrors id={id} hint={hint} errors={errors} hintClassName="pl-11" />
    </div>
  );
}

function CheckboxGroup({ field, value, errors, id, hint, label, options }: Inner & { options: FieldOption[] }) {
  const t = useTranslations("orderForm");
  const chosen = new Set(Array.isArray(value) ? value : []);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className="space-y-1"
      aria-describedby={controlAria(id, hint, errors)["aria-describedby"]}
    >
      <legend className="text-sm font-medium text-slate-900">{label}</legend>
      {options.length === 0 ? <p className="text-sm text-slate-600">{t("noDomainsYet")}</p> : null}
      <div className="max-h-48 space-y-1 overflow-y-auto">
        {options.map((o, i) => (
          <div key={String(o.value)} className="flex items-center gap-2">
            <input
              id={`${id}-${i}`}
              type="checkbox"
              name={field.name}
              value={String(o.value)}
              defaultChecked={chosen.has(String(o.value))}
              className="h-4 w-4 accent-blue-700"
            />
            <label htmlFor={`${id}-${i}`} className="text-sm">
              {o.label}
            </label>
          </div>
        ))}
      </div>
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </fieldset>
  );
}

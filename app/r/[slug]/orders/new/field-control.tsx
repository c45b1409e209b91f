"use client";
// One order field, rendered from the schema module's metadata (lib/orders/schemas): the input
// type decides the control; hint and errors are wired with aria-describedby / aria-invalid.
import { useState } from "react";
import { controlAria, errorId, FieldErrors, hintId, inputClass } from "@/app/ui/field";
import type { FieldMeta, FieldOption } from "@/lib/orders/schemas";
import { type FormValue, fieldId } from "./form-values";
import { IdnaPreview } from "./idna-preview";
import { PasswordInput } from "./password-input";

export type FieldControlProps = {
  field: FieldMeta;
  value: FormValue | undefined;
  errors?: string[];
  /** Why the field cannot be used now (a plan that lacks the feature); disables it. */
  disabledReason?: string;
  /** Options that come from the reseller's data (home servers, domain codes). */
  options?: FieldOption[];
  idnaMaxLength?: number;
  onValue?: (name: string, value: string) => void;
};

export function FieldControl(props: FieldControlProps) {
  const { field, errors, disabledReason } = props;
  const id = fieldId(field.name);
  const hint = [field.help, disabledReason].filter(Boolean).join(" ");
  if (field.input === "checkbox") return <CheckboxField {...props} id={id} hint={hint} />;
  if (field.input === "list" && props.options)
    return <CheckboxGroup {...props} id={id} hint={hint} options={props.options} />;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {field.label}
        {field.required ? (
          <span className="text-red-700" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      <Control {...props} id={id} hint={hint} />
      {hint ? (
        <p id={hintId(id)} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

type Inner = FieldControlProps & { id: string; hint: string };

function Control({ field, value, errors, disabledReason, options, idnaMaxLength, onValue, id, hint }: Inner) {
  const aria = controlAria(id, hint, errors);
  const common = {
    id,
    name: field.name,
    disabled: Boolean(disabledReason),
    required: field.required,
    className: inputClass,
    ...aria,
  };
  const text = typeof value === "string" ? value : "";
  const [typed, setTyped] = useState(text);
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
      const unset = !field.required && field.default === undefined;
      return (
        <select {...common} defaultValue={text} onChange={(e) => onValue?.(field.name, e.target.value)}>
          {unset ? (
            <option value="">
              {field.name === "homeserverOrderId" ? "Automatic (no server order)" : "Not set (upstream default)"}
            </option>
          ) : null}
          {choices.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
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
          defaultValue={Array.isArray(value) ? value.join("\n") : text}
          placeholder={field.placeholder}
        />
      );
    default: {
      const previewId = `${id}-idna`;
      const input = (
        <input
          {...common}
          type={field.input === "email" ? "email" : "text"}
          inputMode={field.input === "number" ? "numeric" : undefined}
          autoComplete="off"
          maxLength={field.maxLength}
          placeholder={field.placeholder}
          defaultValue={text}
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

function CheckboxField({ field, value, errors, disabledReason, id, hint }: Inner) {
  const aria = controlAria(id, hint, errors);
  const allowed = !disabledReason;
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-2">
        {/* Remounted when the plan changes so a feature the plan lacks is shown unticked. */}
        <input
          key={allowed ? "on" : "off"}
          id={id}
          name={field.name}
          type="checkbox"
          value="true"
          defaultChecked={allowed && value === true}
          disabled={!allowed}
          className="mt-0.5 h-4 w-4 rounded border-slate-400 accent-blue-700 focus-visible:outline-2 focus-visible:outline-blue-700"
          {...aria}
        />
        <label htmlFor={id} className={`text-sm font-medium ${allowed ? "text-slate-900" : "text-slate-500"}`}>
          {field.label}
        </label>
      </div>
      {hint ? (
        <p id={hintId(id)} className="pl-6 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

function CheckboxGroup({ field, value, errors, id, hint, options }: Inner & { options: FieldOption[] }) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className="space-y-1"
      aria-describedby={
        [hint ? hintId(id) : null, errors?.length ? errorId(id) : null].filter(Boolean).join(" ") || undefined
      }
    >
      <legend className="text-sm font-medium text-slate-900">{field.label}</legend>
      {options.length === 0 ? (
        <p className="text-sm text-slate-600">You have no provisioned Qboxmail domains yet.</p>
      ) : null}
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
      {hint ? (
        <p id={hintId(id)} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} />
    </fieldset>
  );
}

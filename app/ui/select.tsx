// A native select: keyboard and screen-reader behaviour for free, and it works on phones.
import type { ComponentProps, ReactNode } from "react";
import { controlAria, Field, inputClass } from "./field";

export type SelectOption = { value: string; label: string; disabled?: boolean };

type Props = Omit<ComponentProps<"select">, "children"> & {
  id: string;
  options: readonly SelectOption[];
  /** A first option with an empty value, e.g. "Any status" or "Choose…". */
  placeholder?: string;
  hint?: ReactNode;
  errors?: readonly string[];
};

export function Select({ id, options, placeholder, hint, errors, className = "", ...rest }: Props) {
  return (
    <select id={id} className={`${inputClass} ${className}`} {...controlAria(id, hint, errors)} {...rest}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A Select under its label, with the hint and errors wired to both (as Field + Select would be). */
export function SelectField({ label, required, ...select }: Props & { label: ReactNode; required?: boolean }) {
  return (
    <Field id={select.id} label={label} required={required} hint={select.hint} errors={select.errors}>
      <Select required={required} {...select} />
    </Field>
  );
}

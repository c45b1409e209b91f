// A labelled form control with its hint and errors wired for screen readers: the input gets
// aria-describedby (hint + error ids) and aria-invalid, the error text sits right below it.
import type { ComponentProps, ReactNode } from "react";

// The border is all that marks a field on a white card: slate-500 keeps it at 3:1 or more (WCAG 1.4.11).
export const inputClass =
  "block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-sm text-slate-900 " +
  "focus:border-blue-700 focus:outline-2 focus:outline-blue-700 disabled:bg-slate-100 disabled:text-slate-500 " +
  "aria-[invalid=true]:border-red-700";

const hintId = (id: string) => `${id}-hint`;
const errorId = (id: string) => `${id}-error`;

/**
 * The aria attributes for a control with this id, hint and errors; `describedBy` names more text
 * read after them (a live strength meter, say).
 */
export function controlAria(id: string, hint?: ReactNode, errors?: readonly string[], describedBy?: string) {
  const ids = [hint ? hintId(id) : null, errors?.length ? errorId(id) : null, describedBy].filter(Boolean);
  return {
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
    "aria-invalid": errors?.length ? (true as const) : undefined,
  };
}

type FieldProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  required?: boolean;
  children: ReactNode;
  className?: string;
};

export function Field({ id, label, hint, errors, required, children, className = "" }: FieldProps) {
  return (
    <div className={`space-y-1 ${className}`}>
      <FieldLabel id={id} required={required}>
        {label}
      </FieldLabel>
      {children}
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

/** The label of the control with this id; a required field carries a star screen readers skip. */
export function FieldLabel({ id, required, children }: { id: string; required?: boolean; children: ReactNode }) {
  return (
    <label htmlFor={id} className="block text-sm font-medium text-slate-900">
      {children}
      {required ? (
        <span className="text-red-700" aria-hidden="true">
          {" "}
          *
        </span>
      ) : null}
    </label>
  );
}

/** The hint and error texts below a control, with the ids its aria-describedby names. */
export function HintAndErrors({
  id,
  hint,
  errors,
  hintClassName = "",
}: {
  id: string;
  hint?: ReactNode;
  errors?: readonly string[];
  /** Extra classes for the hint (an indent that lines it up with a switch's label). */
  hintClassName?: string;
}) {
  return (
    <>
      {hint ? (
        <p id={hintId(id)} className={`text-xs text-slate-600 ${hintClassName}`}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} />
    </>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={errorId(id)} className="text-sm font-medium text-red-700">
      {errors.join(" ")}
    </p>
  );
}

type InputProps = ComponentProps<"input"> & { hint?: ReactNode; errors?: readonly string[]; describedBy?: string };

/** An input whose aria wiring matches a Field with the same id, hint and errors. */
export function Input({ id, hint, errors, describedBy, className = "", ...rest }: InputProps & { id: string }) {
  return (
    <input id={id} className={`${inputClass} ${className}`} {...controlAria(id, hint, errors, describedBy)} {...rest} />
  );
}

/** An Input under its label, with the hint and errors wired to both (as Field + Input would be). */
export function InputField({
  label,
  required,
  ...input
}: InputProps & { id: string; label: ReactNode; required?: boolean }) {
  return (
    <Field id={input.id} label={label} required={required} hint={input.hint} errors={input.errors}>
      <Input required={required} {...input} />
    </Field>
  );
}

type TextareaProps = ComponentProps<"textarea"> & { hint?: ReactNode; errors?: readonly string[] };

export function Textarea({ id, hint, errors, className = "", ...rest }: TextareaProps & { id: string }) {
  return <textarea id={id} className={`${inputClass} ${className}`} {...controlAria(id, hint, errors)} {...rest} />;
}

// A group of checkboxes sharing one form name, each labelled by a code word and its meaning
// (API scopes, webhook events); the group's errors sit below it and the fieldset names them.
import type { ReactNode } from "react";
import { controlAria, FieldErrors } from "./field";

export type CheckboxChoice = { value: string; label: ReactNode; defaultChecked?: boolean };

export function CheckboxFieldset({
  id,
  name,
  legend,
  choices,
  errors,
}: {
  id: string;
  name: string;
  legend: ReactNode;
  choices: readonly CheckboxChoice[];
  errors?: readonly string[];
}) {
  return (
    <fieldset id={id} className="space-y-1" aria-describedby={controlAria(id, undefined, errors)["aria-describedby"]}>
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={name} value={c.value} defaultChecked={c.defaultChecked} className="h-4 w-4" />
          <code>{c.value}</code> <span className="text-slate-600">{c.label}</span>
        </label>
      ))}
      <FieldErrors id={id} errors={errors} />
    </fieldset>
  );
}

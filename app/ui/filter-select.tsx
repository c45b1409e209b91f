// One select of a list's filter bar: labelled, its empty first option meaning "any", and the
// current filter value preselected (filter bars are GET forms, so the value comes from the URL).
import { Field } from "./field";
import { Select, type SelectOption } from "./select";

type Props = {
  id: string;
  name: string;
  label: string;
  /** The empty first option, e.g. "Any status". */
  anyLabel: string;
  value: string | undefined;
  options: readonly SelectOption[];
};

export function FilterSelect({ id, name, label, anyLabel, value, options }: Props) {
  return (
    <Field id={id} label={label}>
      <Select id={id} name={name} placeholder={anyLabel} defaultValue={value ?? ""} options={options} />
    </Field>
  );
}

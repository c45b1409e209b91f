// The fields of a list's filter bar. A select is labelled, its empty first option means "any",
// and the current filter value is preselected (filter bars are GET forms, so the value comes
// from the URL); the search box likewise.
import { Field, Input } from "./field";
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

function FilterSelect({ id, name, label, anyLabel, value, options }: Props) {
  return (
    <Field id={id} label={label}>
      <Select id={id} name={name} placeholder={anyLabel} defaultValue={value ?? ""} options={options} />
    </Field>
  );
}

export type SelectFilter = Omit<Props, "id">;

/** A filter bar's selects in the order given, each with the id `<idPrefix><name>`. */
export function FilterSelects({ idPrefix, filters }: { idPrefix: string; filters: readonly SelectFilter[] }) {
  return filters.map((filter) => <FilterSelect key={filter.name} id={`${idPrefix}${filter.name}`} {...filter} />);
}

/** A filter bar's free-text search: the `q` parameter, preset from the URL. */
export function SearchFilter({
  id,
  label,
  value,
  hint,
  placeholder,
  className,
}: {
  id: string;
  label: string;
  value: string | undefined;
  hint?: string;
  placeholder?: string;
  /** How many of the bar's columns it spans. */
  className?: string;
}) {
  return (
    <Field id={id} label={label} hint={hint} className={className}>
      <Input id={id} name="q" type="search" defaultValue={value ?? ""} placeholder={placeholder} hint={hint} />
    </Field>
  );
}

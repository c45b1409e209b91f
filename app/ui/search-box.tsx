// One search field and its button above a list or a choice: a GET form sending `q`, so a search
// is an address to share or reload, and works before JavaScript has loaded.
import { Button } from "./button";
import { Input } from "./field";

type Props = {
  /** The page's own address: the form's target. */
  action: string;
  /** The field's id, for its label. */
  id: string;
  label: string;
  /** The search being shown. */
  value: string;
  /** The button's label. */
  submit: string;
  /** Spacing below the form. */
  className?: string;
};

export function SearchBox({ action, id, label, value, submit, className = "mb-4" }: Props) {
  return (
    <search>
      <form action={action} className={`${className} flex flex-wrap items-end gap-2`}>
        <div className="grow">
          <label htmlFor={id} className="block text-sm font-medium">
            {label}
          </label>
          <Input id={id} name="q" type="search" defaultValue={value} />
        </div>
        <Button type="submit" variant="secondary">
          {submit}
        </Button>
      </form>
    </search>
  );
}

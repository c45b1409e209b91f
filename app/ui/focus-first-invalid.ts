// After a refused submit, keyboard and screen-reader users land on what to fix: the first field
// marked invalid (its label and its message, tied by aria-describedby, are read out). Forms with
// an error summary move focus to the summary instead.

/** Focuses the form's first field marked aria-invalid; false when there is none. */
export function focusFirstInvalid(form: HTMLFormElement | null | undefined): boolean {
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return false;
  field.focus();
  return true;
}

// The answer to a form: success text (status) or the refusal (alert). Forms whose success shows
// elsewhere (a new page, a found state) render only the refusal, with FormErrorAlert.
import type { FormResult } from "@/lib/forms/result";

export function FormMessage({ state }: { state: FormResult<unknown> }) {
  if (state.ok)
    return (
      <p role="status" className="text-sm font-medium text-green-800">
        {state.message}
      </p>
    );
  return <FormErrorAlert state={state} />;
}

/** The form-wide refusal of the last submit, if any (field errors sit beside their fields). */
export function FormErrorAlert({ state }: { state: FormResult<unknown> }) {
  if (state.ok || !state.formError) return null;
  return (
    <p role="alert" className="text-sm font-medium text-red-700">
      {state.formError}
    </p>
  );
}

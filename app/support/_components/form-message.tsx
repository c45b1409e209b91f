// The answer to a support form: success text (status) or the refusal (alert).
import type { FormResult } from "@/lib/forms/result";

export function FormMessage({ state }: { state: FormResult<unknown> }) {
  if (state.ok)
    return (
      <p role="status" className="text-sm font-medium text-green-800">
        {state.message}
      </p>
    );
  if (!state.formError) return null;
  return (
    <p role="alert" className="text-sm font-medium text-red-700">
      {state.formError}
    </p>
  );
}

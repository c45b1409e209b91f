// Cross-field rules run together with the per-field checks, so a form shows every error at once
// (docs/order-form.md "All errors at once"). zod skips an object's refinements as soon as any
// field failed; `when` lets a rule run whenever the fields IT reads are valid, whatever the others.
import type { z } from "zod";

/** Parameters for `.superRefine(rule, whenValid(base, ["a", "b"]))`: run when a and b parsed. */
export function whenValid(base: z.ZodObject, keys: readonly string[]) {
  const picked = base.pick(Object.fromEntries(keys.map((k) => [k, true])) as Record<string, true>);
  return {
    when: (payload: { value: unknown }) =>
      typeof payload.value === "object" && payload.value !== null && picked.safeParse(payload.value).success,
  };
}

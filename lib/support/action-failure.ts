// Turning validation failures and refusals into the form result, server side.
import { z } from "zod";
import { log } from "@/lib/log";
import { isOrderDomainError } from "@/lib/orders/errors";
import type { ActionResult, FieldErrors } from "./action-result";

export function invalid(error: z.ZodError): ActionResult<never> {
  const flat = z.flattenError(error);
  return { ok: false, fieldErrors: flat.fieldErrors as FieldErrors, formError: flat.formErrors[0] };
}

/** Known refusals carry text for people; anything else is logged and shown generically. */
export function failure(err: unknown, known: Array<abstract new (...a: never[]) => Error>): ActionResult<never> {
  // Next's notFound()/redirect() travel as errors with a digest: let them through.
  if (err && typeof err === "object" && "digest" in err) throw err;
  if (isOrderDomainError(err) || known.some((k) => err instanceof k)) {
    return { ok: false, fieldErrors: {}, formError: (err as Error).message };
  }
  log.error("support action failed", { error: String((err as Error)?.message ?? err) });
  return {
    ok: false,
    fieldErrors: {},
    formError: "Something went wrong. Reload the page to see the current state, then try again.",
  };
}

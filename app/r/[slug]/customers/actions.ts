"use server";
// Thin actions (docs/design.md#conventions): session and tenant first, one lib/ call, revalidate.
// A failure nobody foresaw is a translated refusal in the form (guardFormAction), the fields kept.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireResellerAccess, userActor } from "@/lib/auth/session";
import { createCustomer, updateCustomer } from "@/lib/customers/mutations";
import { customerFormValues } from "@/lib/customers/schemas";
import { forPerson, guardFormAction } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";

export async function createCustomerAction(
  slug: string,
  _prev: FormResult<unknown>,
  formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await createCustomer(reseller.id, Object.fromEntries(formData), userActor(user));
    if (!result.ok) return forPerson({ ...result, values: customerFormValues(formData) });
    revalidatePath(`/r/${slug}/customers`);
    redirect(`/r/${slug}/customers/${result.data.id}`);
  });
}

export async function updateCustomerAction(
  slug: string,
  id: string,
  _prev: FormResult<unknown>,
  formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    // The version the page read goes along: a customer changed since is refused, the fields kept.
    const result = await updateCustomer(reseller.id, id, Object.fromEntries(formData), userActor(user), {
      updatedAt: formData.get("updatedAt"),
    });
    if (!result.ok)
      return forPerson({
        ok: false,
        fieldErrors: result.fieldErrors,
        formError: result.formError,
        values: customerFormValues(formData),
        // What the other edit saved, shown beside the fields; its version lets a second save through.
        ...("current" in result
          ? { meanwhile: { version: result.updatedAt.toISOString(), values: result.current } }
          : {}),
      });
    revalidatePath(`/r/${slug}/customers`);
    redirect(`/r/${slug}/customers/${id}`);
  });
}

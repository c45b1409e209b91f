"use server";
// Thin action: the administrator's purge of a grommunio domain (lib/services/place-purge.ts checks
// the role itself; this only passes the form on and opens the order's page).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";
import { forPerson, guardFormAction } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { placePurge } from "@/lib/services/place-purge";

export async function purgeServiceAction(
  serviceId: string,
  _prev: FormResult<unknown>,
  fd: FormData,
): Promise<FormResult<unknown>> {
  // A failure nobody foresaw: a translated refusal in the form, what was typed kept (lib/forms/action.ts).
  return guardFormAction(async () => {
    const viewer = await requireRole("admin");
    const result = await placePurge(viewer, {
      serviceId,
      idempotencyKey: String(fd.get("idempotencyKey") ?? ""),
      confirmName: typeof fd.get("confirmName") === "string" ? String(fd.get("confirmName")) : undefined,
      deleteFiles: fd.get("deleteFiles") === "true",
      reason: typeof fd.get("reason") === "string" ? String(fd.get("reason")) : undefined,
    });
    if (!result.ok) return forPerson({ ok: false, fieldErrors: result.fieldErrors, formError: result.formError });
    revalidatePath(`/support/services/${serviceId}`);
    redirect(`/support/orders/${result.orderId}`);
  });
}

"use server";
// Thin actions: session and tenant first, one lib/ call, revalidate. Each body runs in
// guardFormAction, so a failure nobody foresaw is a translated refusal in the form, not an error page.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson, guardFormAction, parseOptionsForPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { said } from "@/lib/i18n/sentences";
import { checkOwnership } from "@/lib/services/activation";
import { changeRequestFromForm } from "@/lib/services/change-fields";
import { checkMxRecords } from "@/lib/services/mx-check";
import { placeChange } from "@/lib/services/place-change";
import { getService } from "@/lib/services/queries";
import { withSpan } from "@/lib/tracing/spans";

export async function checkOwnershipAction(
  slug: string,
  serviceId: string,
  _prev: FormResult<unknown>,
  _fd: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const service = await getService(reseller.id, serviceId);
    if (service?.kind !== "qboxmail_domain" || service.status !== "active")
      return forPerson({ ok: false, fieldErrors: {}, formError: said("noOwnershipCheck") });
    const result = await checkOwnership(
      {
        id: service.id,
        resellerId: reseller.id,
        upstreamRef: service.upstreamRef,
        naturalKey: service.naturalKey,
        checkCount: service.checkCount,
      },
      { type: "user", id: user.id, label: user.email },
    );
    revalidatePath(`/r/${slug}/services/${serviceId}`);
    if (!result.ok) return forPerson({ ok: false, fieldErrors: {}, formError: result.message });
    return { ok: true, data: { state: result.state, checkedAt: new Date().toISOString() } };
  });
}

/** "Check MX now": the reseller's own active Qboxmail domain only (scoped in checkMxRecords). */
export async function checkMxAction(
  slug: string,
  serviceId: string,
  _prev: FormResult<unknown>,
  _fd: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await checkMxRecords(reseller.id, serviceId, { type: "user", id: user.id, label: user.email });
    revalidatePath(`/r/${slug}/services/${serviceId}`);
    if (!result.ok) return forPerson({ ok: false, fieldErrors: {}, formError: result.message });
    return { ok: true, data: { state: result.state, checkedAt: new Date().toISOString() } };
  });
}

/** Places a change order (suspend, resume, change or delete) and opens its live order page. */
export async function placeChangeAction(
  slug: string,
  serviceId: string,
  action: string,
  _prev: FormResult<unknown>,
  formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const parseOptions = await parseOptionsForPerson();
    // The span the worker's job continues (docs/observability.md).
    const result = await withSpan("action service.change", { "order.action": action.slice(0, 16) }, () =>
      placeChange(
        { ...user, resellerId: reseller.id },
        { ...changeRequestFromForm(serviceId, action, formData), parseOptions },
      ),
    );
    if (!result.ok) return forPerson({ ok: false, fieldErrors: result.fieldErrors, formError: result.formError });
    revalidatePath(`/r/${slug}/services/${serviceId}`);
    redirect(`/r/${slug}/orders/${result.orderId}`);
  });
}

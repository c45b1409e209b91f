"use server";
// Webhook endpoints (docs/webhooks.md). Thin actions: session and tenant first, one lib call. Each
// body runs in guardFormAction, so a failure nobody foresaw is a translated refusal beside the
// form or button, never an error page. Resend and Turn on say why they changed nothing
// (lib/webhooks/refusals.ts), beside their button (app/ui/action-button.tsx).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson, guardFormAction } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { deleteWebhookEndpoint, enableWebhookEndpoint, resendDelivery } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointWithPassword, rotateWebhookSecretWithPassword } from "@/lib/webhooks/with-password";

export async function createEndpointAction(
  slug: string,
  _prev: FormResult<{ secret: string; id: string }>,
  formData: FormData,
): Promise<FormResult<{ secret: string; id: string }>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await createWebhookEndpointWithPassword(
      { ...user, resellerId: reseller.id },
      {
        url: formData.get("url"),
        events: formData.getAll("events"),
        description: formData.get("description"),
        currentPassword: formData.get("currentPassword"),
      },
    );
    if (!result.ok) return forPerson({ ok: false, fieldErrors: result.fieldErrors, formError: result.formError });
    revalidatePath(`/r/${slug}/webhooks`);
    return { ok: true, data: { secret: result.secret, id: result.id } };
  });
}

export async function resendAction(
  slug: string,
  endpointId: string,
  deliveryId: string,
  _prev: FormResult<unknown>,
  _formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { reseller } = await requireResellerAccess(slug);
    const page = `/r/${slug}/webhooks/${endpointId}`;
    const resent = await resendDelivery(reseller.id, deliveryId, endpointId);
    if (resent.ok) {
      revalidatePath(page);
      return { ok: true, data: undefined };
    }
    const { refusal } = resent;
    // The page again, now with the endpoint's notice and its Turn on button; not when the endpoint
    // was deleted, whose page went with it.
    if (!refusal.endpointGone) revalidatePath(page);
    return forPerson({ ok: false, fieldErrors: {}, formError: refusal.sentence });
  });
}

export async function enableEndpointAction(
  slug: string,
  endpointId: string,
  _prev: FormResult<unknown>,
  _formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const person = { ...user, resellerId: reseller.id };
    const page = `/r/${slug}/webhooks/${endpointId}`;
    const turnedOn = await enableWebhookEndpoint(person, endpointId);
    if (turnedOn.ok) {
      revalidatePath(page);
      return { ok: true, data: undefined };
    }
    const { refusal } = turnedOn;
    // Someone turned it on first: what the person wanted holds, and the page shows it on. Any
    // other refusal leaves the page as it is: an ended session's next page is the sign-in.
    if (refusal.alreadyOn) {
      revalidatePath(page);
      return forPerson({ ok: true, message: refusal.sentence, data: undefined });
    }
    return forPerson({ ok: false, fieldErrors: {}, formError: refusal.sentence });
  });
}

export async function deleteEndpointAction(
  slug: string,
  endpointId: string,
  _prev: FormResult<unknown>,
  _formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    // Deleted already (by a colleague): the list it opens shows it gone either way.
    await deleteWebhookEndpoint({ ...user, resellerId: reseller.id }, endpointId);
    revalidatePath(`/r/${slug}/webhooks`);
    redirect(`/r/${slug}/webhooks`);
  });
}

export async function rotateSecretAction(
  slug: string,
  endpointId: string,
  _prev: FormResult<{ secret: string; until: string }>,
  formData: FormData,
): Promise<FormResult<{ secret: string; until: string }>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await rotateWebhookSecretWithPassword(
      { ...user, resellerId: reseller.id },
      endpointId,
      formData.get("currentPassword"),
    );
    const t = await getTranslations("webhooks.endpoint");
    if (!result.ok && "refused" in result) return forPerson({ ok: false, fieldErrors: {}, formError: result.refused });
    if (!result.ok) return { ok: false, fieldErrors: {}, formError: t("rotateGone") };
    revalidatePath(`/r/${slug}/webhooks/${endpointId}`);
    const until = formatPortalDateTime(result.previousUntil, await getLocale(), await getTimeZone());
    return { ok: true, data: { secret: result.secret, until: t("previousSignsUntil", { until }) } };
  });
}

"use server";
// Webhook endpoints (docs/webhooks.md). Thin actions: session and tenant first, one lib call.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { deleteWebhookEndpoint, enableWebhookEndpoint, resendDelivery } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointWithPassword, rotateWebhookSecretWithPassword } from "@/lib/webhooks/with-password";

export async function createEndpointAction(
  slug: string,
  _prev: FormResult<{ secret: string; id: string }>,
  formData: FormData,
): Promise<FormResult<{ secret: string; id: string }>> {
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
}

export async function resendAction(slug: string, endpointId: string, deliveryId: string): Promise<void> {
  const { reseller } = await requireResellerAccess(slug);
  await resendDelivery(reseller.id, deliveryId);
  revalidatePath(`/r/${slug}/webhooks/${endpointId}`);
}

export async function enableEndpointAction(slug: string, endpointId: string): Promise<void> {
  const { user, reseller } = await requireResellerAccess(slug);
  await enableWebhookEndpoint({ ...user, resellerId: reseller.id }, endpointId);
  revalidatePath(`/r/${slug}/webhooks/${endpointId}`);
}

export async function deleteEndpointAction(slug: string, endpointId: string): Promise<void> {
  const { user, reseller } = await requireResellerAccess(slug);
  await deleteWebhookEndpoint({ ...user, resellerId: reseller.id }, endpointId);
  revalidatePath(`/r/${slug}/webhooks`);
  redirect(`/r/${slug}/webhooks`);
}

export async function rotateSecretAction(
  slug: string,
  endpointId: string,
  _prev: FormResult<{ secret: string; until: string }>,
  formData: FormData,
): Promise<FormResult<{ secret: string; until: string }>> {
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
}

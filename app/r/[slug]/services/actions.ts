"use server";
// Thin actions: session and tenant first, one lib/ call, revalidate.
import { revalidatePath } from "next/cache";
import { requireResellerAccess } from "@/lib/auth/session";
import type { FormResult } from "@/lib/forms/result";
import { checkOwnership } from "@/lib/services/activation";
import { getService } from "@/lib/services/queries";

export async function checkOwnershipAction(
  slug: string,
  serviceId: string,
  _prev: FormResult<unknown>,
  _fd: FormData,
): Promise<FormResult<unknown>> {
  const { user, reseller } = await requireResellerAccess(slug);
  const service = await getService(reseller.id, serviceId);
  if (service?.kind !== "qboxmail_domain" || service.status !== "active")
    return { ok: false, fieldErrors: {}, formError: "This service has no ownership check." };
  const result = await checkOwnership(
    { id: service.id, resellerId: reseller.id, upstreamRef: service.upstreamRef, checkCount: service.checkCount },
    { type: "user", id: user.id, label: user.email },
  );
  revalidatePath(`/r/${slug}/services/${serviceId}`);
  if (!result.ok) return { ok: false, fieldErrors: {}, formError: result.message };
  return { ok: true, data: { state: result.state } };
}

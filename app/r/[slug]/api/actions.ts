"use server";
// API tokens (docs/api.md). Thin actions: session and tenant first, one lib/api call. Creating
// one asks for the person's current password again (lib/api/tokens.ts says why). Each body runs in
// guardFormAction, so a failure nobody foresaw is a translated refusal beside the form or button.
import { revalidatePath } from "next/cache";
import { createApiTokenWithPassword, revokeApiToken } from "@/lib/api/tokens";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson, guardFormAction } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { said } from "@/lib/i18n/sentences";

export async function createTokenAction(
  slug: string,
  _prev: FormResult<{ token: string }>,
  formData: FormData,
): Promise<FormResult<{ token: string }>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await createApiTokenWithPassword(
      { ...user, resellerId: reseller.id },
      {
        name: formData.get("name"),
        scopes: formData.getAll("scopes"),
        expiresOn: formData.get("expiresOn"),
        currentPassword: formData.get("currentPassword"),
      },
    );
    if (!result.ok) return forPerson({ ok: false, fieldErrors: result.fieldErrors, formError: result.formError });
    revalidatePath(`/r/${slug}/api`);
    return { ok: true, data: { token: result.token } };
  });
}

export async function revokeTokenAction(
  slug: string,
  tokenId: string,
  _prev: FormResult<unknown>,
  _formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    const result = await revokeApiToken({ ...user, resellerId: reseller.id }, tokenId);
    // Either way the list is read again: a token revoked meanwhile shows as revoked.
    revalidatePath(`/r/${slug}/api`);
    if (result.ok) return { ok: true, data: undefined };
    // Revoked first by a colleague or a password change: what the person wanted holds.
    return forPerson(
      result.alreadyRevoked
        ? { ok: true, message: said("tokenAlreadyRevoked"), data: undefined }
        : { ok: false, fieldErrors: {}, formError: said("tokenNotFound") },
    );
  });
}

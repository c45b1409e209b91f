"use server";
// API tokens (docs/api.md). Thin actions: session and tenant first, one lib/api call. Creating
// one asks for the person's current password again (lib/api/tokens.ts says why).
import { revalidatePath } from "next/cache";
import { createApiTokenWithPassword, revokeApiToken } from "@/lib/api/tokens";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";

export async function createTokenAction(
  slug: string,
  _prev: FormResult<{ token: string }>,
  formData: FormData,
): Promise<FormResult<{ token: string }>> {
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
}

export async function revokeTokenAction(slug: string, tokenId: string): Promise<void> {
  const { user, reseller } = await requireResellerAccess(slug);
  await revokeApiToken({ ...user, resellerId: reseller.id }, tokenId);
  revalidatePath(`/r/${slug}/api`);
}

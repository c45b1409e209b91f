"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { preferencesSchema, saveDisplayPreferences } from "@/lib/users/preferences";

/** Saves the signed-in user's own language and time zone; nobody else's row can be named. */
export async function saveProfile(formData: FormData): Promise<void> {
  const user = await requireUser();
  const parsed = preferencesSchema.safeParse({
    locale: String(formData.get("locale") ?? ""),
    timeZone: String(formData.get("timeZone") ?? ""),
  });
  if (!parsed.success) {
    const bad = parsed.error.issues.map((i) => String(i.path[0])).join(",");
    redirect(`/profile?invalid=${encodeURIComponent(bad)}`);
  }
  await saveDisplayPreferences(user.id, parsed.data);
  // Every layout was rendered in the old language (the root one sets <html lang>): drop them all.
  revalidatePath("/", "layout");
  redirect("/profile?saved=1");
}

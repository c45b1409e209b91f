// A user's own display preferences (language, time zone). Only the signed-in user changes their
// own row: the caller passes the id from requireUser(), never one from a form.
import { z } from "zod";
import { db } from "@/lib/db";
import { LOCALES } from "@/lib/i18n/locales";
import { isTimeZone } from "@/lib/i18n/time-zone";

/** "" means "follow the browser" and is stored as null. */
export const preferencesSchema = z.object({
  locale: z.union([z.literal(""), z.enum(LOCALES)], { error: "invalidLocale" }),
  timeZone: z.union([z.literal(""), z.string().refine(isTimeZone)], { error: "invalidTimeZone" }),
});
export type PreferencesInput = z.infer<typeof preferencesSchema>;

export async function saveDisplayPreferences(userId: string, input: PreferencesInput): Promise<void> {
  await db().user.update({
    where: { id: userId },
    data: { locale: input.locale || null, timeZone: input.timeZone || null },
  });
}

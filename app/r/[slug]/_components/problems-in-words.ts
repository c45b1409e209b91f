// A failed order's problems by field as a form shows them beside its fields: in the viewer's
// language, the provider's words quoted. Used by the resubmit form of a failed create and by a
// service's change form after a refused change.
import { getTranslations } from "next-intl/server";
import { providerOfKind } from "@/app/ui/provider-words";
import { type FieldProblems, fieldProblemsAsText } from "@/lib/i18n/field-problems";
import { providerLabel } from "@/lib/orders/vocabulary";

export async function problemsInWords(problems: FieldProblems, kind: string): Promise<Record<string, string[]>> {
  const [t, common] = await Promise.all([getTranslations("fieldProblems"), getTranslations("common")]);
  return fieldProblemsAsText(problems, t, common("providerSaid", { provider: providerLabel(providerOfKind(kind)) }));
}

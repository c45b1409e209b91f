"use server";
// Thin actions: the lib functions check the role themselves; these only pass the form on.
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { forPerson, guardFormAction } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { said } from "@/lib/i18n/sentences";
import { adoptFinding, dismissFinding, markGone } from "@/lib/services/drift-actions";
import { recreateFinding } from "@/lib/services/drift-recreate";

export async function driftAction(_prev: FormResult<unknown>, fd: FormData): Promise<FormResult<unknown>> {
  // A failure nobody foresaw: a translated refusal in the form, the reason typed kept (lib/forms/action.ts).
  return guardFormAction(async () => {
    const viewer = await requireRole("support", "admin");
    const id = String(fd.get("findingId") ?? "");
    const what = String(fd.get("what") ?? "");
    // Every action asks for the reason; lib/ checks it (drift-actions.ts driftReason).
    const reason = String(fd.get("reason") ?? "");
    const r =
      what === "adopt"
        ? await adoptFinding(viewer, id, String(fd.get("customerId") ?? ""), reason, String(fd.get("seen") ?? ""))
        : what === "gone"
          ? await markGone(viewer, id, reason)
          : what === "recreate"
            ? await recreateFinding(viewer, id, reason)
            : what === "dismiss"
              ? await dismissFinding(viewer, id, reason, String(fd.get("seen") ?? ""))
              : // Never a default: a form that lost its choice closes nothing.
                { ok: false as const, message: said("driftActionUnknown") };
    revalidatePath("/support/drift");
    // lib/ answers in English (said()); the person at the form reads it in their own language.
    return forPerson<FormResult<unknown>>(
      r.ok
        ? { ok: true, message: r.message, data: null }
        : r.field
          ? { ok: false, fieldErrors: { [r.field]: [r.message] } }
          : { ok: false, fieldErrors: {}, formError: r.message },
    );
  });
}

"use server";
// Thin action: role first, one lib/ call (which checks the role again and writes the audit row).
import { revalidatePath } from "next/cache";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { failure, forPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { DATE_TIME } from "@/lib/i18n/formats";
import { verifyChainFromPage } from "@/lib/support/audit-verify";

export async function verifyChainAction(_prev: FormResult, _fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("support", "admin");
  const [t, format] = await Promise.all([getTranslations("audit"), getFormatter()]);
  try {
    const r = await verifyChainFromPage(viewer);
    if ("running" in r)
      return {
        ok: false,
        fieldErrors: {},
        formError: t(r.running.startedBy ? "verifyRunningBy" : "verifyRunning", {
          at: format.dateTime(r.running.startedAt, DATE_TIME),
          by: r.running.startedBy ?? "",
        }),
      };
    revalidatePath("/support/audit");
    return {
      ok: true,
      data: undefined,
      message: r.ok
        ? t("verifiedOk", { rows: r.checkedRows })
        : t("verifiedBroken", { rows: r.checkedRows, row: r.firstBrokenId ?? "?" }),
    };
  } catch (err) {
    return forPerson(failure(err));
  }
}

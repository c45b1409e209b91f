"use server";
// Thin action: role first, one lib/ call (which checks the role again and writes the audit row).
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { failure, forPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { verifyChainFromPage } from "@/lib/support/audit-verify";

export async function verifyChainAction(_prev: FormResult, _fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("support", "admin");
  const t = await getTranslations("audit");
  try {
    const r = await verifyChainFromPage(viewer);
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

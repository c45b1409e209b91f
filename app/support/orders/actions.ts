"use server";
// Thin actions (docs/design.md#conventions): role first, parse, one lib/ call, revalidate. Anyone can
// POST here directly, so nothing from the page is trusted: the version and reason come in the
// form and are checked again in lib/.
import { getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { formAction, formFields, sentenceForPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { bulkRetrySchema, orderActionSchema, parseBulkItems, resolveOrderSchema } from "@/lib/support/action-schemas";
import { type BulkRetryResult, bulkRetry } from "@/lib/support/bulk-retry";
import { cancelOrder, retryOrderNow, SupportActionError } from "@/lib/support/order-actions";
import { resolveOrderByHand } from "@/lib/support/resolve-order";

export async function retryOrderAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("support", "admin");
  const t = await getTranslations("supportOrder");
  return formAction(
    orderActionSchema,
    formFields(fd, ["orderId", "expectedVersion", "reason", "reasonVisible"]),
    (input) => retryOrderNow(viewer, input),
    {
      known: [SupportActionError],
      revalidate: ["/support", "layout"],
      message: t("retried"),
    },
  );
}

export async function cancelOrderAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("support", "admin");
  const t = await getTranslations("supportOrder");
  return formAction(
    orderActionSchema,
    formFields(fd, ["orderId", "expectedVersion", "reason", "reasonVisible"]),
    (input) => cancelOrder(viewer, input),
    {
      known: [SupportActionError],
      revalidate: ["/support", "layout"],
      message: t("cancelled"),
    },
  );
}

export async function resolveOrderAction(_prev: FormResult, fd: FormData): Promise<FormResult> {
  const viewer = await requireRole("support", "admin");
  const t = await getTranslations("supportOrder");
  return formAction(
    resolveOrderSchema,
    formFields(fd, ["orderId", "expectedVersion", "reason", "reasonVisible", "upstreamRef"]),
    (input) => resolveOrderByHand(viewer, input),
    {
      known: [SupportActionError],
      revalidate: ["/support", "layout"],
      message: t("resolved"),
    },
  );
}

export async function bulkRetryAction(
  _prev: FormResult<BulkRetryResult>,
  fd: FormData,
): Promise<FormResult<BulkRetryResult>> {
  const viewer = await requireRole("support", "admin");
  const t = await getTranslations("supportOrder");
  const input = {
    items: fd.getAll("items").map(String),
    reason: fd.get("reason") ?? undefined,
    reasonVisible: fd.get("reasonVisible") ?? undefined,
  };
  const answer = await formAction(
    bulkRetrySchema,
    input,
    (data) =>
      bulkRetry(viewer, {
        items: parseBulkItems(data.items),
        reason: data.reason,
        reasonVisible: data.reasonVisible,
      }),
    {
      known: [SupportActionError],
      revalidate: ["/support", "layout"],
      message: (result) => t("bulkRetried", { retried: result.retried.length, skipped: result.skipped.length }),
      data: (result) => result,
    },
  );
  if (!answer.ok || !answer.data) return answer;
  // Each skip's reason is a sentence from lib/ (said()): in the person's language, like the refusals.
  const skipped = await Promise.all(
    answer.data.skipped.map(async (s) => ({ ...s, why: await sentenceForPerson(s.why) })),
  );
  return { ...answer, data: { ...answer.data, skipped } };
}

"use server";
// Thin actions (docs/design.md#conventions): role first, parse, one lib/ call, revalidate. Anyone can
// POST here directly, so nothing from the page is trusted: the version and reason come in the
// form and are checked again in lib/.
import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/session";
import { failure, invalid } from "@/lib/support/action-failure";
import type { ActionResult } from "@/lib/support/action-result";
import { bulkRetrySchema, orderActionSchema, parseBulkItems, resolveOrderSchema } from "@/lib/support/action-schemas";
import { type BulkRetryResult, bulkRetryFailed } from "@/lib/support/bulk-retry";
import { cancelOrder, resolveOrderByHand, retryOrderNow, SupportActionError } from "@/lib/support/order-actions";

const fields = (fd: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, fd.get(n) ?? undefined]));

export async function retryOrderAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("support", "admin");
  const parsed = orderActionSchema.safeParse(fields(fd, ["orderId", "expectedVersion", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await retryOrderNow(viewer, parsed.data);
  } catch (err) {
    return failure(err, [SupportActionError]);
  }
  revalidatePath("/support", "layout");
  return { ok: true, message: "Retry started: the order is queued." };
}

export async function cancelOrderAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("support", "admin");
  const parsed = orderActionSchema.safeParse(fields(fd, ["orderId", "expectedVersion", "reason"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await cancelOrder(viewer, parsed.data);
  } catch (err) {
    return failure(err, [SupportActionError]);
  }
  revalidatePath("/support", "layout");
  return { ok: true, message: "The order is cancelled." };
}

export async function resolveOrderAction(_prev: ActionResult, fd: FormData): Promise<ActionResult> {
  const viewer = await requireRole("support", "admin");
  const parsed = resolveOrderSchema.safeParse(fields(fd, ["orderId", "expectedVersion", "reason", "upstreamRef"]));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await resolveOrderByHand(viewer, parsed.data);
  } catch (err) {
    return failure(err, [SupportActionError]);
  }
  revalidatePath("/support", "layout");
  return { ok: true, message: "The order is marked as succeeded." };
}

export async function bulkRetryAction(
  _prev: ActionResult<BulkRetryResult>,
  fd: FormData,
): Promise<ActionResult<BulkRetryResult>> {
  const viewer = await requireRole("support", "admin");
  const parsed = bulkRetrySchema.safeParse({
    items: fd.getAll("items").map(String),
    reason: fd.get("reason") ?? undefined,
  });
  if (!parsed.success) return invalid(parsed.error);
  let result: BulkRetryResult;
  try {
    result = await bulkRetryFailed(viewer, { items: parseBulkItems(parsed.data.items), reason: parsed.data.reason });
  } catch (err) {
    return failure(err, [SupportActionError]);
  }
  revalidatePath("/support", "layout");
  const n = result.retried.length;
  return {
    ok: true,
    message: `${n} order${n === 1 ? "" : "s"} retried, ${result.skipped.length} skipped.`,
    data: result,
  };
}

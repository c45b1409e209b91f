"use server";
// Order actions for the reseller pages. Thin (docs/design.md#conventions): session and tenant first,
// then one lib/orders call; the pipeline re-checks tenant, customer and limits itself.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireResellerAccess } from "@/lib/auth/session";
import { forPerson, guardFormAction, parseOptionsForPerson } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import { portalText } from "@/lib/i18n/portal-texts";
import { said } from "@/lib/i18n/sentences";
import { cancelOrder, resubmitOrder } from "@/lib/orders/cancel-order";
import { placeOrder } from "@/lib/orders/place-order";
import { formDataToInput, isOrderKind, parseOrderForm } from "@/lib/orders/schemas";
import { withSpan } from "@/lib/tracing/spans";

export async function placeOrderAction(
  slug: string,
  kind: string,
  fromOrderId: string | null,
  _prev: FormResult<unknown>,
  formData: FormData,
): Promise<FormResult<unknown>> {
  // A failure nobody foresaw may come after the order was written (its answer lost on the way), so
  // the person is told it may be placed, and that sending the same form again is safe: the form's
  // idempotency key answers a repeat with the order it placed, and refuses it if the form was
  // changed since (lib/orders/place-order.ts replayOf), so it never places a second one.
  return guardFormAction(async () => {
    const { user, reseller } = await requireResellerAccess(slug);
    if (!isOrderKind(kind)) return forPerson({ ok: false, fieldErrors: {}, formError: said("unknownOrderKind") });
    const form = formDataToInput(kind, formData);
    // The same check placeOrder makes, run first for its dotted field paths ("syncPolicy.x"), so
    // a nested error lands on its own field rather than on the whole section.
    const checked = parseOrderForm(kind, form, await parseOptionsForPerson());
    if (!checked.ok)
      return forPerson({
        ok: false,
        fieldErrors: checked.fieldErrors,
        formError: checked.formErrors.join(" ") || undefined,
      });
    const idempotencyKey = String(formData.get("idempotencyKey") ?? "");
    // The span the worker's job continues (docs/observability.md).
    const result = await withSpan(
      `action ${fromOrderId ? "order.resubmit" : "order.place"}`,
      { "order.kind": kind },
      () =>
        fromOrderId
          ? resubmitOrder(user, { orderId: fromOrderId, idempotencyKey, form })
          : placeOrder(user, {
              resellerId: reseller.id,
              customerId: String(formData.get("customerId") ?? ""),
              kind,
              idempotencyKey,
              form,
            }),
    );
    if (!result.ok) return forPerson({ ok: false, fieldErrors: result.fieldErrors, formError: result.formError });
    revalidatePath(`/r/${slug}`);
    redirect(`/r/${slug}/orders/${result.orderId}`);
  }, "orderMayBePlaced");
}

export async function cancelOrderAction(
  slug: string,
  orderId: string,
  _prev: FormResult<unknown>,
  _formData: FormData,
): Promise<FormResult<unknown>> {
  return guardFormAction(async () => {
    const { user } = await requireResellerAccess(slug);
    const result = await cancelOrder(user, orderId, portalText("cancelledByReseller"));
    if (!result.ok) return forPerson({ ok: false, fieldErrors: {}, formError: result.formError });
    revalidatePath(`/r/${slug}/orders/${orderId}`);
    return { ok: true, data: undefined };
  });
}

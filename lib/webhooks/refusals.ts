// Why a reseller's Resend or Turn on changed nothing, in words for the person who pressed it.
// resendDelivery() and enableWebhookEndpoint() (endpoints.ts) answer only yes or no: each does its
// work in one guarded statement or transaction, which does not say which of its conditions held it
// back. These read the state afterwards, scoped to the reseller as those are. What holds a button
// back stays so until a person acts (an endpoint turned off stays off until someone turns it on, a
// deleted one stays deleted, an ended session stays ended); a state that moved on again in between
// is answered as a change to try once more.
import { accountMovedOn } from "@/lib/auth/still-as-checked";
import { isUuid } from "@/lib/customers/queries";
import { db } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import type { Person } from "./endpoints";

/** `endpointGone`: the endpoint's page is gone with it, so it is not shown again. */
export type ResendRefusal = { sentence: string; endpointGone: boolean };

/** Why resendDelivery(resellerId, deliveryId) resent nothing. */
export async function whyNotResent(resellerId: string, deliveryId: string): Promise<ResendRefusal> {
  const delivery = isUuid(deliveryId)
    ? await db().webhookDelivery.findFirst({
        where: { id: deliveryId, resellerId },
        select: { endpoint: { select: { disabledAt: true } } },
      })
    : null;
  // Deliveries go only with their endpoint (deleted with it).
  if (!delivery) return { sentence: said("resendEndpointGone"), endpointGone: true };
  if (delivery.endpoint.disabledAt) return { sentence: said("resendEndpointOff"), endpointGone: false };
  return { sentence: said("resendEndpointBackOn"), endpointGone: false };
}

/**
 * Why enableWebhookEndpoint(user, endpointId) left the endpoint as it was. `alreadyOn`: someone
 * turned it back on first, so what the person wanted holds.
 */
export type TurnOnRefusal = { sentence: string; alreadyOn: boolean; endpointGone: boolean };

export async function whyNotTurnedOn(user: Person, endpointId: string): Promise<TurnOnRefusal> {
  // First, as the enable asks it first: a password change, an ended session or a disabled account.
  const moved = await accountMovedOn(db(), { userId: user.id, sessionId: user.sessionId });
  if (moved) return { sentence: moved, alreadyOn: false, endpointGone: false };
  const endpoint = isUuid(endpointId)
    ? await db().webhookEndpoint.findFirst({
        where: { id: endpointId, resellerId: user.resellerId },
        select: { disabledAt: true },
      })
    : null;
  if (!endpoint) return { sentence: said("turnOnEndpointGone"), alreadyOn: false, endpointGone: true };
  if (!endpoint.disabledAt) return { sentence: said("endpointAlreadyOn"), alreadyOn: true, endpointGone: false };
  return { sentence: said("somethingWentWrong"), alreadyOn: false, endpointGone: false };
}

// Why a reseller's Resend or Turn on changed nothing, in words for the person who pressed it.
// resendDelivery() and enableWebhookEndpoint() (endpoints.ts) tell which of their conditions held
// them back from the statement or transaction that refused, so the reason given is the one that
// held then, not a later reading. What holds a button back stays so until a person acts (an
// endpoint turned off stays off until someone turns it on, a deleted one stays deleted, an ended
// session stays ended).
import { said } from "@/lib/i18n/sentences";

/** `endpointGone`: the endpoint's page is gone with it, so it is not shown again. */
export type ResendRefusal = { sentence: string; endpointGone: boolean };

/** What held a resend back: its delivery (and so its endpoint) gone, or its endpoint turned off. */
export function resendRefusal(endpoint: "gone" | "off"): ResendRefusal {
  return endpoint === "gone"
    ? // Deliveries go only with their endpoint (deleted with it).
      { sentence: said("resendEndpointGone"), endpointGone: true }
    : { sentence: said("resendEndpointOff"), endpointGone: false };
}

/**
 * Why a Turn on left the endpoint as it was. `alreadyOn`: someone turned it back on first, so what
 * the person wanted holds.
 */
export type TurnOnRefusal = { sentence: string; alreadyOn: boolean; endpointGone: boolean };

/**
 * What held a Turn on back: the account moved on since the request's check (the sentence
 * lib/auth/still-as-checked.ts gives), the endpoint gone, or the endpoint on already.
 */
export function turnOnRefusal(held: { accountMovedOn: string } | "gone" | "on"): TurnOnRefusal {
  if (held === "gone") return { sentence: said("turnOnEndpointGone"), alreadyOn: false, endpointGone: true };
  if (held === "on") return { sentence: said("endpointAlreadyOn"), alreadyOn: true, endpointGone: false };
  return { sentence: held.accountMovedOn, alreadyOn: false, endpointGone: false };
}

// What a reseller's endpoint reads of an order event: the order's last error as the reseller's own
// pages show it (lib/i18n/reseller-wording.ts, docs/i18n.md "What a reseller reads"). The event
// row keeps the stored text, written in the order's statement; the wording is made at each send,
// so a resend sends the same words, and a text written for support (the portal's admin account,
// another order's upstream reference, "mark resolved") never reaches the reseller's receiver.
import { resellerWording } from "@/lib/i18n/reseller-wording";

type EventPayload = { data?: Record<string, unknown> };

export function payloadForReseller(payload: unknown): unknown {
  const data = (payload as EventPayload | null)?.data;
  if (!data || typeof data.lastError !== "string") return payload;
  const action = typeof data.action === "string" ? data.action : "create";
  const worded = resellerWording(data.lastError, action);
  return worded === data.lastError ? payload : { ...(payload as EventPayload), data: { ...data, lastError: worded } };
}

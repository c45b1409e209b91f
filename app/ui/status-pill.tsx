// The order status as a coloured badge; the words come from lib/orders/vocabulary.ts. An unknown
// value is shown as-is rather than hidden.
import { useTranslations } from "next-intl";
import { isOrderStatus, type OrderStatus } from "@/lib/orders/vocabulary";
import { Badge, type BadgeTone } from "./badge";

const TONES: Record<OrderStatus, BadgeTone> = {
  pending: "neutral",
  queued: "info",
  provisioning: "info",
  retrying: "warning",
  unknown: "warning",
  held: "warning",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
};

/** The badge's tone for a status; neutral for a value the portal does not know. */
export function statusTone(status: string): BadgeTone {
  return isOrderStatus(status) ? TONES[status] : "neutral";
}

/** In the viewer's language (messages "status"); an unknown value is shown as-is. */
export function StatusPill({ status }: { status: string }) {
  const t = useTranslations("status");
  return <Badge tone={statusTone(status)}>{isOrderStatus(status) ? t(status) : status}</Badge>;
}

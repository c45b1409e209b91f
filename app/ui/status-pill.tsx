// The order status as a coloured badge; the words come from lib/orders/vocabulary.ts. An unknown
// value is shown as-is rather than hidden.
import { isOrderStatus, type OrderStatus, statusLabel } from "@/lib/orders/vocabulary";
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

export function StatusPill({ status }: { status: string }) {
  return <Badge tone={isOrderStatus(status) ? TONES[status] : "neutral"}>{statusLabel(status)}</Badge>;
}

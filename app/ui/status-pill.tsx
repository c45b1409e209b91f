// The order status as people read it. Accepts the Prisma enum's string values; an unknown value
// is shown as-is rather than hidden.
import { Badge, type BadgeTone } from "./badge";

const statusView: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "neutral" },
  queued: { label: "Queued", tone: "info" },
  provisioning: { label: "Provisioning", tone: "info" },
  retrying: { label: "Retrying", tone: "warning" },
  unknown: { label: "Checking", tone: "warning" },
  held: { label: "On hold", tone: "warning" },
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

export const ORDER_STATUSES = Object.keys(statusView);

export function statusLabel(status: string): string {
  return statusView[status]?.label ?? status;
}

export function StatusPill({ status }: { status: string }) {
  const view = statusView[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={view.tone}>{view.label}</Badge>;
}

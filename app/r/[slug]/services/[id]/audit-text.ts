// A service's audit line in words: an order's events as its order timeline words them (which
// order: "Change: Succeeded"), the service's own events from services.auditActions. Never the raw
// action code.
import { actionText } from "../../orders/[id]/timeline-text";

type T = (key: string, values?: Record<string, string | number>) => string;

const SERVICE_EVENTS = new Set([
  "created",
  "adopted",
  "ownership_checked",
  "mx_checked",
  "changed",
  "suspended",
  "resumed",
  "deleted",
  "drift_dismissed",
  "marked_gone",
  "recreated",
]);
const ORDER_ACTIONS = new Set(["create", "change", "suspend", "resume", "delete"]);

/** `orderAction` is the action of the order an order event belongs to, when known. */
export function auditText(services: T, orderPage: T, action: string, orderAction?: string): string {
  if (action.startsWith("order.")) {
    const what = actionText(orderPage, action);
    return orderAction && ORDER_ACTIONS.has(orderAction)
      ? services("auditEntry", { order: services(`actions.${orderAction}`), what })
      : what;
  }
  const short = action.replace(/^service\./, "");
  return services(`auditActions.${SERVICE_EVENTS.has(short) ? short : "other"}`);
}

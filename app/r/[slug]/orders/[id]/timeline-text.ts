// Words for the timeline: what each audit action and attempt outcome means to a reseller.
const ACTIONS: Record<string, string> = {
  "order.placed": "Order placed",
  "order.pending": "Waiting for the server it depends on",
  "order.queued": "Queued for provisioning",
  "order.provisioning": "Provisioning started",
  "order.succeeded": "Succeeded",
  "order.retrying": "Will retry after a temporary problem",
  "order.unknown": "No clear answer from the provider; checking before trying again",
  "order.held": "On hold: support has been alerted",
  "order.failed": "Failed",
  "order.cancelled": "Cancelled",
};

const OUTCOMES: Record<string, string> = {
  succeeded: "succeeded",
  rejected: "rejected by the provider",
  transient: "temporary problem",
  unknown: "no clear answer",
  auth: "the provider refused our credentials",
  found: "found at the provider",
  absent: "not found at the provider",
  abandoned: "abandoned",
};

export function actionText(action: string): string {
  return ACTIONS[action] ?? action.replace(/^order\./, "").replace(/[._]/g, " ");
}

export function outcomeText(outcome: string | null): string {
  return outcome ? (OUTCOMES[outcome] ?? outcome) : "in progress";
}

export function attemptTitle(kind: string, number: number): string {
  if (kind === "lookup") return `Check ${number}: reading the provider's current state`;
  if (kind === "change") return `Attempt ${number}: change request sent`;
  return `Attempt ${number}: create request sent`;
}

export function durationText(ms: number | null): string {
  if (ms === null) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// Message keys (orderPage namespace) for the timeline: what each audit action and attempt outcome
// means to a reseller. Unknown values fall back to a readable form of the raw value.
import { ORDER_STATUSES } from "@/lib/orders/vocabulary";

// An order's audit actions: "placed", one per status it entered, a waiting domain order moved
// to the server order that replaced its own (lib/orders/cancel-order.ts), and a create marked to
// be looked up first after a restore (lib/orders/after-restore.ts).
const ACTIONS = new Set<string>(["placed", ...ORDER_STATUSES, "server_replaced", "look_up_first"]);
const OUTCOMES = new Set(["succeeded", "rejected", "transient", "unknown", "auth", "found", "absent", "abandoned"]);

type T = (key: string, values?: Record<string, string | number>) => string;

export function actionText(t: T, action: string): string {
  const short = action.replace(/^order\./, "");
  return ACTIONS.has(short) ? t(`actions.${short}`) : short.replace(/[._]/g, " ");
}

export function outcomeText(t: T, outcome: string | null): string {
  if (!outcome) return t("inProgress");
  return OUTCOMES.has(outcome) ? t(`outcomes.${outcome}`) : outcome;
}

export function attemptTitle(t: T, kind: string, number: number): string {
  if (kind === "lookup") return t("attemptLookup", { number });
  if (kind === "change") return t("attemptChange", { number });
  return t("attemptCreate", { number });
}

/** "850 ms" or "1.2 s" (the number in the viewer's language). */
export function durationText(ms: number | null, formatNumber: (n: number) => string): string {
  if (ms === null) return "";
  return ms < 1000 ? `${formatNumber(ms)} ms` : `${formatNumber(Math.round(ms / 100) / 10)} s`;
}

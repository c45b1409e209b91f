// Types and rules of the reseller's order view that the browser needs too (no database here).
import type { AttemptKind } from "@/lib/generated/prisma/enums";
import type { FieldProblems } from "@/lib/i18n/field-problems";
export type TimelineItem =
  | { type: "event"; id: string; at: string; action: string; actor: "person" | "system"; reason: string | null }
  | {
      type: "attempt";
      id: string;
      at: string;
      number: number;
      kind: AttemptKind;
      outcome: string | null;
      httpStatus: number | null;
      durationMs: number | null;
      message: string | null;
      finishedAt: string | null;
    };

export type OrderSnapshot = {
  id: string;
  kind: string;
  /** create, or the change it makes to `serviceId`'s service (docs/lifecycle.md). */
  action: string;
  /** The service a change acts on, or the one a create brought into being (null until then). */
  serviceId: string | null;
  status: string;
  version: number;
  displayName: string;
  /** The IDNA ASCII form of the name (lower-cased), shown beside an internationalized one. */
  naturalKey: string;
  upstreamRef: string | null;
  attemptCount: number;
  /** The provider may hold what it creates (sent, or restored from a backup: lib/orders/after-restore.ts). */
  createSent: boolean;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** A refusal's problems by field: the portal's as keys, the provider's as received. */
  fieldErrors: FieldProblems;
  createdAt: string;
  finishedAt: string | null;
  customer: { id: string; name: string };
  payload: Record<string, unknown>;
  timeline: TimelineItem[];
};

/** Statuses after which nothing changes without a person: the page stops polling. */
export const SETTLED_STATUSES = ["succeeded", "cancelled", "failed"];

/**
 * Whether the provider refused a failed order: its last attempt ended `rejected` on the
 * provider's answer (an HTTP status). An order that failed otherwise (the retry cap, a name
 * someone else holds, stored data that no longer passes, which is `rejected` without a call)
 * is only said to have failed.
 */
export function refusedByProvider(timeline: readonly TimelineItem[]): boolean {
  let last: Extract<TimelineItem, { type: "attempt" }> | undefined;
  for (const item of timeline) if (item.type === "attempt" && (!last || item.number > last.number)) last = item;
  return last?.outcome === "rejected" && last.httpStatus !== null;
}

/**
 * A reseller may cancel only what no worker has touched yet and the provider cannot hold
 * (lib/orders/cancel-order.ts agrees).
 */
export function resellerCanCancel(s: Pick<OrderSnapshot, "status" | "attemptCount" | "createSent">): boolean {
  return !s.createSent && (s.status === "pending" || (s.status === "queued" && s.attemptCount === 0));
}

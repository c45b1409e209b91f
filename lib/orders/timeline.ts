// The one timeline of an order, for the support console and the reseller's order page: its audit
// events and its upstream attempts merged in story order. Each page narrows the entries to what
// its reader may see (the reseller's view drops bodies, worker ids and actor names).
import type { AttemptKind, AttemptOutcome } from "@/lib/generated/prisma/enums";

export type TimelineEvent = {
  type: "event";
  category: "state" | "person" | "reconciliation" | "other";
  at: Date;
  id: string;
  action: string;
  actor: { type: string; id: string | null; label: string | null };
  before: unknown;
  after: unknown;
  reason: string | null;
};

export type TimelineAttempt = {
  type: "attempt";
  category: "call" | "reconciliation";
  at: Date;
  id: string;
  number: number;
  kind: AttemptKind;
  outcome: AttemptOutcome | null;
  finishedAt: Date | null;
  method: string | null;
  path: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  requestId: string | null;
  request: unknown;
  response: unknown;
  message: string | null;
  workerId: string;
};

export type TimelineEntry = TimelineEvent | TimelineAttempt;

export type AuditRow = {
  id: bigint | string;
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
};

export type AttemptRow = {
  id: string;
  number: number;
  kind: AttemptKind;
  workerId: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: AttemptOutcome | null;
  httpMethod: string | null;
  httpPath: string | null;
  httpStatus: number | null;
  durationMs: number | null;
  upstreamRequestId: string | null;
  request: unknown;
  response: unknown;
  message: string | null;
};

// The steps that lead up to a call: an attempt row commits in the same statement as the move to
// provisioning, so they share a timestamp, and the call must read after them.
const LEAD_UP = new Set(["order.placed", "order.pending", "order.queued", "order.provisioning"]);

/** Lead-up steps, then the attempt, then the state its outcome caused, on equal times. */
function rank(e: TimelineEntry): number {
  if (e.type === "attempt") return 1;
  return LEAD_UP.has(e.action) ? 0 : 2;
}

/**
 * Events (in id order, i.e. commit order) and attempts (in number order) merged by time; the
 * sort is stable, so entries of one kind keep their own order on equal times.
 */
export function buildTimeline(events: readonly AuditRow[], attempts: readonly AttemptRow[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [...events.map(eventEntry), ...attempts.map(attemptEntry)];
  return entries.sort((x, y) => x.at.getTime() - y.at.getTime() || rank(x) - rank(y));
}

function eventEntry(e: AuditRow): TimelineEvent {
  return {
    type: "event",
    category: eventCategory(e.action, e.actorType),
    at: e.at,
    id: e.id.toString(),
    action: e.action,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    before: e.before,
    after: e.after,
    reason: e.reason,
  };
}

function attemptEntry(a: AttemptRow): TimelineAttempt {
  return {
    type: "attempt",
    category: a.kind === "lookup" ? "reconciliation" : "call",
    at: a.startedAt,
    id: a.id,
    number: a.number,
    kind: a.kind,
    outcome: a.outcome,
    finishedAt: a.finishedAt,
    method: a.httpMethod,
    path: a.httpPath,
    httpStatus: a.httpStatus,
    durationMs: a.durationMs,
    requestId: a.upstreamRequestId,
    request: a.request,
    response: a.response,
    message: a.message,
    workerId: a.workerId,
  };
}

function eventCategory(action: string, actorType: string): TimelineEvent["category"] {
  if (/reconcil|lookup|adopt/i.test(action)) return "reconciliation";
  if (actorType === "user") return "person";
  if (action.startsWith("order.")) return "state";
  return "other";
}

// The one order state machine (DESIGN.md invariant 3). Every status change goes through
// `transition()`: an optimistic-locked update of the order row plus its audit event, in the
// caller's transaction, so a status never changes without a trace and two writers never both win.
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { IllegalTransitionError, StaleOrderError } from "./errors";

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ["queued", "cancelled"],
  queued: ["provisioning", "cancelled"],
  provisioning: ["succeeded", "retrying", "unknown", "held", "failed"],
  retrying: ["provisioning", "cancelled"],
  // After the lookup by natural key; the worker normally goes through provisioning.
  unknown: ["provisioning", "succeeded", "failed"],
  held: ["queued", "cancelled"],
  // Only by an audited person's action.
  failed: ["queued", "cancelled"],
  succeeded: [],
  cancelled: [],
};

export const TERMINAL_STATUSES: readonly OrderStatus[] = ["succeeded", "cancelled"];
/** The sealed secret is deleted on the terminal states only: a failed order may still be retried
 * by support (failed → queued), which needs it; "edit and resubmit" cancels the failed order. */
export function clearsSecret(to: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(to);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Fields a transition may set besides status. The sealed secret is cleared by the machine itself. */
export type TransitionPatch = {
  upstreamRef?: string | null;
  attemptCount?: number;
  currentAttemptId?: string | null;
  nextAttemptAt?: Date | null;
  createSent?: boolean;
  fieldErrors?: Prisma.InputJsonValue | null;
  lastError?: string | null;
};

export type TransitionInput = {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  expectedVersion: number;
  actor: Actor;
  reason?: string | null;
  patch?: TransitionPatch;
  /** Written on the audit event only (e.g. the attempt number); never secrets. */
  details?: Record<string, Prisma.InputJsonValue | null>;
};

type Tx = Pick<Prisma.TransactionClient, "order" | "auditEvent">;

/** Returns the new version. Throws IllegalTransitionError or StaleOrderError. */
export async function transition(tx: Tx, input: TransitionInput): Promise<number> {
  const { orderId, from, to, expectedVersion, patch = {} } = input;
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  const now = new Date();
  const { fieldErrors, ...rest } = patch;
  const data: Prisma.OrderUncheckedUpdateManyInput = {
    ...rest,
    ...(fieldErrors !== undefined ? { fieldErrors: fieldErrors ?? Prisma.DbNull } : {}),
    status: to,
    version: expectedVersion + 1,
    ...(to === "queued" ? { queuedAt: now } : {}),
    ...(TERMINAL_STATUSES.includes(to) || to === "failed" ? { finishedAt: now } : {}),
    ...(to === "queued" || to === "provisioning" ? { finishedAt: null } : {}),
    ...(clearsSecret(to) ? { sealedSecret: null } : {}),
  };
  const [order] = await tx.order.updateManyAndReturn({
    where: { id: orderId, version: expectedVersion, status: from },
    data,
    select: { resellerId: true },
  });
  if (!order) throw new StaleOrderError(orderId);
  await recordAudit(tx, {
    actor: input.actor,
    action: `order.${to}`,
    resellerId: order.resellerId,
    orderId,
    before: { status: from, version: expectedVersion },
    after: { status: to, version: expectedVersion + 1, ...auditPatch(patch), ...(input.details ?? {}) },
    reason: input.reason ?? null,
  });
  return expectedVersion + 1;
}

// An explicit list of what the audit row may carry from the patch.
function auditPatch(p: TransitionPatch): Record<string, Prisma.InputJsonValue | null> {
  const out: Record<string, Prisma.InputJsonValue | null> = {};
  if (p.upstreamRef !== undefined) out.upstreamRef = p.upstreamRef;
  if (p.attemptCount !== undefined) out.attemptCount = p.attemptCount;
  if (p.currentAttemptId !== undefined) out.currentAttemptId = p.currentAttemptId;
  if (p.nextAttemptAt !== undefined) out.nextAttemptAt = p.nextAttemptAt?.toISOString() ?? null;
  if (p.createSent !== undefined) out.createSent = p.createSent;
  if (p.fieldErrors !== undefined) out.fieldErrors = p.fieldErrors;
  if (p.lastError !== undefined) out.lastError = p.lastError;
  return out;
}

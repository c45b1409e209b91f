// Writes one audit event. The hash chain (chain key, sequence, previous hash, hash) is filled by
// the BEFORE INSERT trigger of the first migration, so a writer only supplies the facts.
// Callers pass values they built from allow-listed fields; nothing here inspects them, which is
// why secrets must never be handed to this function.
import type { Prisma } from "@/lib/generated/prisma/client";

export type Actor =
  | { type: "user"; id: string; label?: string }
  | { type: "worker"; id: string; label?: string }
  | { type: "system"; id?: string; label?: string };

export type AuditInput = {
  actor: Actor;
  action: string;
  resellerId?: string | null;
  orderId?: string | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  reason?: string | null;
};

type AuditWriter = Pick<Prisma.TransactionClient, "auditEvent">;

export async function recordAudit(tx: AuditWriter, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
      actorLabel: input.actor.label ?? null,
      resellerId: input.resellerId ?? null,
      orderId: input.orderId ?? null,
      action: input.action,
      before: input.before ?? undefined,
      after: input.after ?? undefined,
      reason: input.reason ?? null,
    },
    select: { id: true },
  });
}

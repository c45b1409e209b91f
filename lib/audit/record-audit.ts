// Writes one audit event. The hash chain (chain key, sequence, previous hash, hash) is filled by
// the BEFORE INSERT trigger of the first migration, so a writer only supplies the facts.
// Callers pass values they built from allow-listed fields; nothing here inspects them, which is
// why secrets must never be handed to this function.
import { Prisma } from "@/lib/generated/prisma/client";

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

const jsonOrNull = (v: Prisma.InputJsonValue | null | undefined) =>
  v === null || v === undefined ? null : JSON.stringify(v);

/**
 * The same event as one plain statement, for code that runs on the pool without the ORM (the
 * worker's service sweep: docs/benchmarks/worker.md "Idle memory"). Absent JSON is SQL NULL, as above.
 */
export function auditInsertSql(input: AuditInput): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason)
    VALUES (${input.actor.type}::text, ${input.actor.id ?? null}::text, ${input.actor.label ?? null}::text,
            ${input.resellerId ?? null}::uuid, ${input.orderId ?? null}::uuid, ${input.action}::text,
            ${jsonOrNull(input.before)}::jsonb, ${jsonOrNull(input.after)}::jsonb, ${input.reason ?? null}::text)`;
}

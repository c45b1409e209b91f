// The failed order an "edit and resubmit" form starts from: its stored payload (never secrets:
// they are sealed, and deleted once the order is terminal) and the upstream's field problems.

import { isUuid } from "@/lib/customers/queries";
import { db } from "@/lib/db";
import { type FieldProblems, readFieldProblems } from "@/lib/i18n/field-problems";
import { resellerWording } from "@/lib/i18n/reseller-wording";

export type ResubmitSource = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  fieldErrors: FieldProblems;
  lastError: string | null;
  customer: { id: string; name: string };
};

export async function getResubmitSource(resellerId: string, orderId: string): Promise<ResubmitSource | null> {
  if (!isUuid(orderId)) return null;
  const row = await db().order.findFirst({
    // Only a create is a form to edit again (a change is tried again from its service).
    where: { id: orderId, resellerId, status: "failed", action: "create" },
    select: {
      id: true,
      kind: true,
      payload: true,
      fieldErrors: true,
      lastError: true,
      customer: { select: { id: true, name: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    payload: isRecord(row.payload) ? row.payload : {},
    fieldErrors: readFieldProblems(row.fieldErrors),
    // As the order page words it for the reseller (lib/i18n/reseller-wording.ts).
    lastError: resellerWording(row.lastError, "create"),
    customer: row.customer,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

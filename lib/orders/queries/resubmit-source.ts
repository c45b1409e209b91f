// The failed order an "edit and resubmit" form starts from: its stored payload (never secrets:
// they are sealed, and deleted once the order is terminal) and the upstream's field errors.

import { isUuid } from "@/lib/customers/queries";
import { db } from "@/lib/db";

export type ResubmitSource = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  fieldErrors: Record<string, string[]>;
  lastError: string | null;
  customer: { id: string; name: string };
};

export async function getResubmitSource(resellerId: string, orderId: string): Promise<ResubmitSource | null> {
  if (!isUuid(orderId)) return null;
  const row = await db().order.findFirst({
    where: { id: orderId, resellerId, status: "failed" },
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
    fieldErrors: toFieldErrors(row.fieldErrors),
    lastError: row.lastError,
    customer: row.customer,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Stored field errors are JSON: keep only string messages under string keys. */
export function toFieldErrors(v: unknown): Record<string, string[]> {
  if (!isRecord(v)) return {};
  const out: Record<string, string[]> = {};
  for (const [k, msgs] of Object.entries(v)) {
    const list = (Array.isArray(msgs) ? msgs : [msgs]).filter((m): m is string => typeof m === "string");
    if (list.length) out[k] = list;
  }
  return out;
}

// Lists a change sends whole: Qboxmail replaces a manager's domains and a domain's allowed
// networks with the list sent (docs/upstream/qboxmail-lifecycle.md). A change placed from one
// reading and sent again much later (a retry, support's "Retry now" of one that failed or was
// held) would undo what was changed in Qboxmail's panel meanwhile. So the change stores the list
// it started from, and every attempt after its first reads the provider and sends nothing when the
// list moved since (workers/processors/change-order.ts). A first attempt is sent as placed.
import type { OrderKind } from "@/lib/generated/prisma/enums";
import type { ChangePayload } from "./change-kinds";

const WHOLE_LIST: Partial<Record<OrderKind, string>> = {
  qboxmail_manager: "domain_codes",
  qboxmail_domain: "allow_nets",
};

/** Field → the list as the change started from it. */
export type ListsBefore = Record<string, string[]>;

const asList = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map(String) : undefined);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

/** The whole list a change sets, as `reading` held it; undefined when it sets none or the reading lacks it. */
export function listsBefore(kind: OrderKind, set: Record<string, unknown>, reading: unknown): ListsBefore | undefined {
  const field = WHOLE_LIST[kind];
  if (!field || set[field] === undefined || !reading || typeof reading !== "object") return undefined;
  const held = asList((reading as Record<string, unknown>)[field]);
  return held ? { [field]: held } : undefined;
}

/** A stored `before`, taken only as lists of strings under the kind's whole-list field. */
export function storedListsBefore(kind: OrderKind, raw: unknown): ListsBefore | undefined {
  const field = WHOLE_LIST[kind];
  if (!field || !raw || typeof raw !== "object") return undefined;
  const value = (raw as Record<string, unknown>)[field];
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? { [field]: value } : undefined;
}

/**
 * The list field the provider now shows neither as the change started from it nor as the change
 * sets it, or undefined. A reading without the list says nothing, and sends as before.
 */
export function listMovedSince(
  payload: ChangePayload,
  current: Record<string, unknown> | undefined,
): string | undefined {
  if (!payload.before || !current) return undefined;
  for (const [field, before] of Object.entries(payload.before)) {
    const now = asList(current[field]);
    const wanted = asList(payload.set?.[field]);
    if (!now || !wanted) continue;
    if (!sameSet(now, before) && !sameSet(now, wanted)) return field;
  }
  return undefined;
}

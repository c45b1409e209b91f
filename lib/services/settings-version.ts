// A version of a service's changeable settings, for the API's ETag and If-Match (docs/api.md
// "Requests and answers"). It covers exactly what a change can set, each value as the change form compares it
// (change-fields.ts), so two readings that differ only in counters or the provider's own
// bookkeeping have one version, and a setting changed by anyone, anywhere, gives a new one.
import { createHash } from "node:crypto";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { allChangeFields, shownSettings, shownValues } from "./change-fields";

/** 20 hex digits of a SHA-256 over the settings' comparable values, in the fields' order. */
export function settingsVersion(kind: OrderKind, settings: Record<string, unknown>): string {
  const values = shownValues(allChangeFields(kind), shownSettings(kind, settings));
  return createHash("sha256").update(JSON.stringify(values)).digest("hex").slice(0, 20);
}

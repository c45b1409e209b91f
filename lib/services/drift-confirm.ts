// A drift finding of a missing resource rests on one pass over the provider's lists, which can
// skip a resource (an offset page shifted by a deletion elsewhere) or predate it. Before the
// check records one, and again before support marks the service gone or orders it again, the
// resource is read by its reference: only a provider that answers "not found" confirms it
// (docs/lifecycle.md "Drift check").
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { said } from "@/lib/i18n/sentences";
import { uncheckedReading } from "@/lib/upstream/unchecked-reading";
import { upstreamCallsFromEnv } from "./upstream-calls";

/**
 * `message`: a sentence for the person acting (translated at the form). `detail`: what the
 * provider's client reported for a read that could not tell (a portal text), for a drift run's
 * record, which its page words in the reader's language.
 */
export type StillMissing =
  | { missing: true }
  | { missing: false; message: string; unreadable: boolean; detail?: string };

/** Whether the provider still answers "not found" for the service's resource. */
export async function confirmMissing(kind: OrderKind, ref: string, naturalKey: string): Promise<StillMissing> {
  // The shared clients (lib/upstream/clients.ts), asked each time so they follow the settings.
  // With the natural key: a Qboxmail manager's 404 from the assumed read-by-code route confirms
  // nothing until the managers list, asked by its e-mail, no longer has it either.
  const r = await upstreamCallsFromEnv().read(kind, ref, undefined, naturalKey);
  if (r.kind === "absent") return { missing: true };
  if (r.kind === "found")
    return { missing: false, unreadable: false, message: said("findingStillThere", { name: naturalKey, ref }) };
  return { missing: false, unreadable: true, message: uncheckedReading(r), detail: r.message };
}

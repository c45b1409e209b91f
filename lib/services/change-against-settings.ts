// A change judged against what the provider last showed of the resource (the service row's
// settings and state, read by the service page and the sweep): the refusals the provider would
// answer with 422 or 400 after the order was placed, said on the form's field instead. Nothing
// is refused on what was never read: a setting the row lacks is not judged.

import { bytesParts } from "@/lib/format/bytes";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { v, vTyped } from "@/lib/i18n/validation";
import {
  isFeatureOff,
  PLAN_GATED_FIELDS,
  type PlanGatedField,
  planAllows,
  QBOX_PLANS,
} from "@/lib/orders/schemas/qboxmail-plans";
import type { QboxPlan } from "@/lib/orders/schemas/types";
import type { FieldErrors } from "@/lib/upstream/result";
import { homedOnServer, renameBlockedBy } from "./change-kinds";

type Known = { settings: unknown; upstreamState: string | null };

export function refusedBySettings(
  kind: OrderKind,
  set: Record<string, unknown>,
  known: Known,
): FieldErrors | undefined {
  const settings = (known.settings && typeof known.settings === "object" ? known.settings : {}) as Record<
    string,
    unknown
  >;
  const out: FieldErrors = {};
  if (kind === "qboxmail_domain") {
    // Features Qboxmail offers on some plans only (docs/upstream/qboxmail.md §2), as on the order form.
    const plan = QBOX_PLANS.find((p) => p === settings.plan) as QboxPlan | undefined;
    if (plan)
      for (const field of Object.keys(PLAN_GATED_FIELDS) as PlanGatedField[])
        if (field in set && !isFeatureOff(set[field]) && !planAllows(plan, field))
          out[field] = [v("planOnly", { plan: PLAN_GATED_FIELDS[field].length === 1 ? "enterprise" : "professional" })];
    // Catch-all on needs an address. One the domain holds is sent with it (withHeldCatchAllDestination).
    if (set.catch_all_enabled === true && set.catch_all_destination === undefined && !heldDestination(settings))
      out.catch_all_destination = [v("catchAllMissing")];
    // The default quota of new mailboxes within the domain's maximum, which a change cannot raise.
    const max = settings.max_email_quota;
    if (typeof set.default_quota === "number" && typeof max === "number" && max > 0 && set.default_quota > max)
      out.default_quota = [vTyped("defaultQuotaAboveMax", bytesParts(max))];
  }
  // grommunio turns chat on only for a domain whose status is 0 (docs/upstream/grommunio.md §12):
  // not a suspended one, nor one in a status grommunio's code gives no meaning (2, "Out Of Date"
  // in its spec text), which a resume sets back to 0. A domain never read is not judged.
  if (kind === "grommunio_domain" && set.chat === true && known.upstreamState && known.upstreamState !== "active")
    out.chat = [v("chatNeedsResume")];
  // A new host name while domains or users are homed on the server: their stored paths may contain
  // the old one, and grommunio rewrites none of them (docs/lifecycle.md "Renaming a grommunio
  // server"). The external address stays changeable. The worker reads the server again before
  // the PATCH, so a reading older than a domain placed since does not let the rename through.
  const homed = kind === "grommunio_server" && set.hostname !== undefined ? homedOnServer(settings) : undefined;
  if (homed && renameBlockedBy(homed)) out.hostname = [vTyped("serverRenameNotEmpty", homed)];
  return Object.keys(out).length ? out : undefined;
}

function heldDestination(settings: Record<string, unknown>): string | undefined {
  const held = settings.catch_all_destination;
  return typeof held === "string" && held.trim() !== "" ? held : undefined;
}

/** Whether a change turns a Qboxmail domain's catch-all on without an address (withHeldCatchAllDestination). */
export const takesHeldCatchAllDestination = (kind: OrderKind, set: Record<string, unknown>): boolean =>
  kind === "qboxmail_domain" && set.catch_all_enabled === true && set.catch_all_destination === undefined;

/**
 * A Qboxmail domain's catch-all turned on without an address (the API's `set` may do that), where
 * the domain's last reading shows one: the change sends that address with it. Qboxmail validates
 * an update as it validates a create, the catch-all pair included, and does not say whether it
 * judges the pair by the request alone or by what the domain holds; the whole pair passes either
 * way (docs/upstream/qboxmail-lifecycle.md "Lifecycle checked against the contract"). The change
 * form sends the address it shows anyway. Without a held address refusedBySettings refuses it.
 */
export function withHeldCatchAllDestination(
  kind: OrderKind,
  set: Record<string, unknown>,
  settings: unknown,
): Record<string, unknown> {
  if (!takesHeldCatchAllDestination(kind, set)) return set;
  const held = heldDestination((settings && typeof settings === "object" ? settings : {}) as Record<string, unknown>);
  return held ? { ...set, catch_all_destination: held } : set;
}

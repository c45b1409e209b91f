// The settings a service had when its resource went missing, for support's re-create
// (drift-recreate.ts): its create order's payload with every change that succeeded since laid over
// it, oldest first, so a re-created resource does not quietly lose what the reseller changed
// after ordering it (a higher user limit, a new title, a policy, a manager's domains).
// - A change's keys the create does not take (a Qboxmail manager's Delivery limits) are left out.
// - A text emptied by a change is left out, as the create leaves out an empty text.
// - A policy change is laid over the policy key by key, as the worker sends it: a key set to null
//   is taken out, and a policy set to null, or left with no key, is removed
//   (change-kinds.ts policyAfterChange, which the worker's PATCH uses too).
// - A grommunio domain suspended or resumed since is ordered in that status (the create takes it).
import { db } from "@/lib/db";
import { formFieldNames, type OrderKindName } from "@/lib/orders/schemas";
import { type ChangePayload, policyAfterChange } from "./change-kinds";

type Settings = Record<string, unknown>;

export async function settingsSinceCreate(
  serviceId: string,
  kind: OrderKindName,
  created: Settings,
): Promise<Settings> {
  // One change of a service runs at a time (the one-open-change index), so the order they ended in
  // is the order they applied in. Not the order they were placed in: a change that failed and was
  // sent again by support after a later one succeeded applied last.
  const changes = await db().order.findMany({
    where: { serviceId, status: "succeeded", action: { in: ["change", "suspend", "resume"] } },
    orderBy: [{ finishedAt: "asc" }, { createdAt: "asc" }],
    select: { action: true, payload: true },
  });
  return changes.reduce(
    (settings, c) => laidOver(kind, settings, c.action, c.payload as ChangePayload | null),
    created,
  );
}

/** One succeeded change laid over the settings before it. */
function laidOver(kind: OrderKindName, before: Settings, action: string, change: ChangePayload | null): Settings {
  if (action === "suspend" || action === "resume")
    return kind === "grommunio_domain" ? { ...before, domainStatus: action === "suspend" ? 1 : 0 } : before;
  const taken = formFieldNames(kind);
  const out: Settings = { ...before };
  for (const [key, value] of Object.entries(change?.set ?? {})) {
    if (!taken.has(key)) continue;
    if (key === "syncPolicy") {
      const policy = policyAfterChange(out.syncPolicy, value);
      if (policy) out.syncPolicy = policy;
      else delete out.syncPolicy;
    } else if (value === "") delete out[key];
    else out[key] = value;
  }
  return out;
}

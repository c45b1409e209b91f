// Read-only name lookups from the web process, for the order form's "already exists" warning
// (docs/order-form.md). Never creates anything. One short deadline for all of a check's calls:
// the warning is a courtesy, so a slow upstream must not hold the form; the worker's own lookup
// and the upstream's duplicate check stay the truth. Credentials come from the environment only.
import { env } from "@/lib/env";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { GrommunioClient } from "./grommunio/client";
import { attemptScope } from "./http";
import { QboxmailClient } from "./qboxmail/client";
import type { LookupResult } from "./result";

export type UpstreamPresence = "exists" | "absent" | "unknown";

/**
 * The time one check may spend at the provider, all its calls together (a grommunio login and
 * list; Qboxmail's list by the ASCII name, then by the Unicode one), not per call: the form asks
 * while the reseller types and shows the warning beside the field, so an answer later than this
 * is no longer about what they are looking at, and one timeout per call made them wait three
 * times as long. Out of time, the check says "unknown" and the form shows no warning
 * (docs/order-form.md#already-taken-warning-before-submitting).
 */
const LOOKUP_DEADLINE_MS = 4_000;

let grommunio: GrommunioClient | null | undefined;
let qboxmail: QboxmailClient | null | undefined;
// The settings the clients were built from: read again (tests pointing the portal at other
// simulators), they are built again, as lib/upstream/clients.ts does.
let builtFrom: ReturnType<typeof env> | undefined;

function fresh(): ReturnType<typeof env> {
  const e = env();
  if (builtFrom !== e) {
    builtFrom = e;
    grommunio = undefined;
    qboxmail = undefined;
  }
  return e;
}

function grommunioClient(): GrommunioClient | null {
  const e = fresh();
  if (grommunio !== undefined) return grommunio;
  grommunio =
    e.GROMMUNIO_API_URL && e.GROMMUNIO_USER && e.GROMMUNIO_PASSWORD
      ? new GrommunioClient({
          baseUrl: e.GROMMUNIO_API_URL,
          user: e.GROMMUNIO_USER,
          password: e.GROMMUNIO_PASSWORD,
          timeoutMs: Math.min(LOOKUP_DEADLINE_MS, e.UPSTREAM_TIMEOUT_MS),
        })
      : null;
  return grommunio;
}

function qboxmailClient(): QboxmailClient | null {
  const e = fresh();
  if (qboxmail !== undefined) return qboxmail;
  qboxmail =
    e.QBOXMAIL_API_URL && e.QBOXMAIL_API_TOKEN
      ? new QboxmailClient({
          baseUrl: e.QBOXMAIL_API_URL,
          token: e.QBOXMAIL_API_TOKEN,
          timeoutMs: Math.min(LOOKUP_DEADLINE_MS, e.UPSTREAM_TIMEOUT_MS),
        })
      : null;
  return qboxmail;
}

/**
 * Whether the name already exists upstream; "unknown" when the upstream is not configured or did
 * not answer within LOOKUP_DEADLINE_MS. `naturalKey` is the order's key (lower case, a domain in
 * ASCII), which is also how the portal sends a Qboxmail name: a Qboxmail `query` that minds case
 * finds what the portal created (docs/upstream/qboxmail.md §4). A Qboxmail list row that names
 * the name is "exists" as it stands: the read by code a worker's lookup adds is for judging whose
 * the resource is, which the warning never does, so it is not asked (it only spent the deadline,
 * and its failure turned a name the list showed into "unknown"). "absent" is no promise: the
 * create's duplicate check decides.
 */
export async function upstreamPresence(kind: OrderKind, naturalKey: string): Promise<UpstreamPresence> {
  const scope = attemptScope(LOOKUP_DEADLINE_MS);
  const g = kind.startsWith("grommunio") ? grommunioClient()?.scoped(scope) : undefined;
  const q = kind.startsWith("qboxmail") ? qboxmailClient()?.scoped(scope) : undefined;
  let result: LookupResult<unknown> | null = null;
  if (kind === "grommunio_domain" && g) result = await g.findDomainByName(naturalKey);
  else if (kind === "grommunio_server" && g) result = await g.findServerByHostname(naturalKey);
  else if (kind === "qboxmail_domain" && q) result = await q.listedDomain(naturalKey);
  else if (kind === "qboxmail_manager" && q) result = await q.listedManager(naturalKey);
  if (!result) return "unknown";
  if (result.kind === "found") return "exists";
  if (result.kind === "absent") return "absent";
  return "unknown";
}

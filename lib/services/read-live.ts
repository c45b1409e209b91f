// Reads a service's resource from its provider and stores what was seen on the service row
// (upstream_state, settings, read_at), so lists show the last reading and the service page the
// live one. A read never changes anything upstream.
import { db, type Prisma } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { upstreamClients } from "@/lib/upstream/clients";
import type { LookupResult } from "@/lib/upstream/result";
import { pickSettings, stateOf, type UpstreamState } from "./upstream-state";

export type LiveReading =
  | { ok: true; state: UpstreamState; settings: Record<string, unknown> }
  | { ok: false; message: string };

async function readUpstream(kind: OrderKind, ref: string): Promise<LiveReading> {
  const c = upstreamClients();
  let r: LookupResult<unknown>;
  if (kind === "grommunio_domain" || kind === "grommunio_server") {
    if (!c.grommunio) return { ok: false, message: "The grommunio connection is not configured." };
    r = kind === "grommunio_domain" ? await c.grommunio.getDomain(ref) : await c.grommunio.getServer(ref);
  } else {
    if (!c.qboxmail) return { ok: false, message: "The Qboxmail connection is not configured." };
    r = kind === "qboxmail_domain" ? await c.qboxmail.getDomain(ref) : await c.qboxmail.getManager(ref);
  }
  if (r.kind === "absent") return { ok: true, state: "missing", settings: {} };
  if (r.kind !== "found") return { ok: false, message: `Could not read the provider just now: ${r.message}` };
  const data = r.data as Record<string, unknown>;
  return { ok: true, state: stateOf(kind, data), settings: pickSettings(kind, data) };
}

/** Reads and records; returns the reading. Only live (active) services are written. */
export async function refreshService(service: {
  id: string;
  kind: OrderKind;
  upstreamRef: string;
}): Promise<LiveReading> {
  const reading = await readUpstream(service.kind, service.upstreamRef);
  if (reading.ok)
    await db().service.updateMany({
      where: { id: service.id, status: "active" },
      data: {
        upstreamState: reading.state,
        settings: reading.settings as Prisma.InputJsonValue,
        readAt: new Date(),
        // Activated: no more automatic ownership re-checks.
        ...(reading.state !== "ownership_check" ? { nextCheckAt: null } : {}),
      },
    });
  return reading;
}

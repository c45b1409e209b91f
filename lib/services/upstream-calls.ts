// Maps each order kind onto its provider client's create and lookup calls. Clients are built
// once per process from the environment (docs/design.md invariant 5: upstream credentials come from
// the environment only).
import { env } from "@/lib/env";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import { type ChangeAction, type ChangePayload, changeBody } from "@/lib/services/change-kinds";
import { upstreamClients } from "@/lib/upstream/clients";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import type { LookupResult, UpstreamResult } from "@/lib/upstream/result";

export type UpstreamCalls = {
  create(kind: OrderKind, req: UpstreamRequest): Promise<UpstreamResult<unknown>>;
  lookup(kind: OrderKind, naturalKey: string): Promise<LookupResult<unknown>>;
  /** A service's resource by its upstream reference (the read-back of a change). */
  read(kind: OrderKind, ref: string): Promise<LookupResult<unknown>>;
  /** One change of an existing resource (docs/lifecycle.md); bodies from changeBody(). */
  change(kind: OrderKind, action: ChangeAction, ref: string, payload: ChangePayload): Promise<UpstreamResult<unknown>>;
};

/**
 * The process's shared clients (lib/upstream/clients.ts); `timeoutMs` builds fresh ones with
 * another UPSTREAM_TIMEOUT_MS (tests that drive a run in-process).
 */
export function upstreamCallsFromEnv(opts: { timeoutMs?: number } = {}): UpstreamCalls {
  const e = env();
  const missing = (
    ["GROMMUNIO_API_URL", "GROMMUNIO_USER", "GROMMUNIO_PASSWORD", "QBOXMAIL_API_URL", "QBOXMAIL_API_TOKEN"] as const
  ).filter((k) => !e[k]);
  if (missing.length) throw new Error(`The worker needs upstream settings: ${missing.join(", ")}`);
  const { grommunio, qboxmail } =
    opts.timeoutMs === undefined
      ? (upstreamClients() as { grommunio: GrommunioClient; qboxmail: QboxmailClient })
      : {
          grommunio: new GrommunioClient({
            baseUrl: e.GROMMUNIO_API_URL!,
            user: e.GROMMUNIO_USER!,
            password: e.GROMMUNIO_PASSWORD!,
            timeoutMs: opts.timeoutMs,
          }),
          qboxmail: new QboxmailClient({
            baseUrl: e.QBOXMAIL_API_URL!,
            token: e.QBOXMAIL_API_TOKEN!,
            timeoutMs: opts.timeoutMs,
          }),
        };
  // Bodies were built by the kind's own toUpstream() from a payload the schema parsed again,
  // hence the casts to each client's request type.
  type Body<F extends (b: never, ...r: never[]) => unknown> = Parameters<F>[0];
  return {
    create(kind, { body, query }) {
      switch (kind) {
        case "grommunio_server":
          return grommunio.createServer(body as Body<typeof grommunio.createServer>);
        case "grommunio_domain":
          return grommunio.createDomain(body as Body<typeof grommunio.createDomain>, {
            createRole: query?.createRole === "true",
          });
        case "qboxmail_domain":
          return qboxmail.createDomain(body as Body<typeof qboxmail.createDomain>);
        case "qboxmail_manager":
          return qboxmail.createManager(body as Body<typeof qboxmail.createManager>);
      }
    },
    read(kind, ref) {
      switch (kind) {
        case "grommunio_server":
          return grommunio.getServer(ref);
        case "grommunio_domain":
          return grommunio.getDomain(ref);
        case "qboxmail_domain":
          return qboxmail.getDomain(ref);
        case "qboxmail_manager":
          return qboxmail.getManager(ref);
      }
    },
    change(kind, action, ref, payload) {
      const body = changeBody(kind, action, payload);
      switch (kind) {
        case "grommunio_server":
          return action === "delete" ? grommunio.deleteServer(ref) : grommunio.patchServer(ref, body);
        case "grommunio_domain":
          return action === "delete"
            ? grommunio.deleteDomain(ref, { purge: payload.purge === true })
            : grommunio.patchDomain(ref, body);
        case "qboxmail_domain":
          if (action === "delete") return qboxmail.deleteDomain(ref);
          if (action === "suspend" || action === "resume")
            return qboxmail.setDomainStatus(ref, action === "suspend" ? "disabled" : "enabled");
          return qboxmail.updateDomain(ref, body);
        case "qboxmail_manager":
          return action === "delete" ? qboxmail.deleteManager(ref) : qboxmail.updateManager(ref, body);
      }
    },
    lookup(kind, key) {
      switch (kind) {
        case "grommunio_server":
          return grommunio.findServerByHostname(key);
        case "grommunio_domain":
          return grommunio.findDomainByName(key);
        case "qboxmail_domain":
          return qboxmail.findDomainByName(key);
        case "qboxmail_manager":
          return qboxmail.findManagerByEmail(key);
      }
    },
  };
}

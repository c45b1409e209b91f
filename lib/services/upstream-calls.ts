// Maps each order kind onto its provider client's create and lookup calls. Clients are built
// once per process from the environment (docs/design.md invariant 5: upstream credentials come from
// the environment only).
import { env } from "@/lib/env";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import { type ChangeAction, type ChangePayload, changeBody } from "@/lib/services/change-kinds";
import { upstreamClients } from "@/lib/upstream/clients";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import type { CallScope } from "@/lib/upstream/http";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import type { QboxmailManagerUpdate } from "@/lib/upstream/qboxmail/types";
import type { LookupResult, UpstreamResult } from "@/lib/upstream/result";

/** `scope`: the attempt's deadline and span (lib/upstream/http.ts), passed by hand; none outside an attempt. */
export type UpstreamCalls = {
  create(kind: OrderKind, req: UpstreamRequest, scope?: CallScope): Promise<UpstreamResult<unknown>>;
  lookup(kind: OrderKind, naturalKey: string, scope?: CallScope): Promise<LookupResult<unknown>>;
  /** The Domain Admin role of grommunio domain `domainRef` (GrommunioClient.findDomainAdminRole). */
  domainAdminRole(domainRef: string, scope?: CallScope): Promise<LookupResult<unknown>>;
  /**
   * A service's resource by its upstream reference (the read-back of a change). `naturalKey`: the
   * resource's natural key, required so that no caller can forget it: a Qboxmail manager read by
   * the assumed GET route is said absent only once the managers list, asked by that e-mail, no
   * longer has it (QboxmailClient.readManagerConfirmingAbsence).
   */
  read(kind: OrderKind, ref: string, scope: CallScope | undefined, naturalKey: string): Promise<LookupResult<unknown>>;
  /**
   * One change of an existing resource (docs/lifecycle.md); bodies from changeBody(). `password`:
   * a change's new password, opened from the order's sealed secret by the worker.
   */
  change(
    kind: OrderKind,
    action: ChangeAction,
    ref: string,
    payload: ChangePayload,
    scope?: CallScope,
    password?: string,
  ): Promise<UpstreamResult<unknown>>;
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
  // One attempt's calls go through views of the shared clients that carry its deadline and span.
  const gr = (scope?: CallScope) => (scope ? grommunio.scoped(scope) : grommunio);
  const qb = (scope?: CallScope) => (scope ? qboxmail.scoped(scope) : qboxmail);
  // Bodies were built by the kind's own toUpstream() from a payload the schema parsed again,
  // hence the casts to each client's request type.
  type Body<F extends (b: never, ...r: never[]) => unknown> = Parameters<F>[0];
  return {
    create(kind, { body, query }, scope) {
      switch (kind) {
        case "grommunio_server":
          return gr(scope).createServer(body as Body<typeof grommunio.createServer>);
        case "grommunio_domain":
          return gr(scope).createDomain(body as Body<typeof grommunio.createDomain>, {
            createRole: query?.createRole === "true",
          });
        case "qboxmail_domain":
          return qb(scope).createDomain(body as Body<typeof qboxmail.createDomain>);
        case "qboxmail_manager":
          return qb(scope).createManager(body as Body<typeof qboxmail.createManager>);
      }
    },
    read(kind, ref, scope, naturalKey) {
      switch (kind) {
        case "grommunio_server":
          return gr(scope).getServer(ref);
        case "grommunio_domain":
          return gr(scope).getDomain(ref);
        case "qboxmail_domain":
          return qb(scope).getDomain(ref);
        case "qboxmail_manager":
          return qb(scope).readManagerConfirmingAbsence(ref, naturalKey);
      }
    },
    change(kind, action, ref, payload, scope, password) {
      const body = changeBody(kind, action, payload, password);
      switch (kind) {
        case "grommunio_server":
          return action === "delete" ? gr(scope).deleteServer(ref) : gr(scope).patchServer(ref, body);
        case "grommunio_domain":
          return action === "delete"
            ? gr(scope).deleteDomain(ref, { purge: payload.purge === true, deleteFiles: payload.deleteFiles === true })
            : gr(scope).patchDomain(ref, body);
        case "qboxmail_domain":
          if (action === "delete") return qb(scope).deleteDomain(ref);
          if (action === "suspend" || action === "resume")
            return qb(scope).setDomainStatus(ref, action === "suspend" ? "disabled" : "enabled");
          return qb(scope).updateDomain(ref, body);
        case "qboxmail_manager":
          if (action === "delete") return qb(scope).deleteManager(ref);
          if (action === "suspend" || action === "resume")
            return qb(scope).setManagerStatus(ref, action === "suspend" ? "disabled" : "enabled");
          // The change schema (change-kinds.ts) parsed the set: only the update's documented fields.
          return qb(scope).updateManager(ref, body as QboxmailManagerUpdate);
      }
    },
    domainAdminRole(domainRef, scope) {
      return gr(scope).findDomainAdminRole(domainRef);
    },
    lookup(kind, key, scope) {
      switch (kind) {
        case "grommunio_server":
          return gr(scope).findServerByHostname(key);
        case "grommunio_domain":
          return gr(scope).findDomainByName(key);
        case "qboxmail_domain":
          return qb(scope).findDomainByName(key);
        case "qboxmail_manager":
          return qb(scope).findManagerByEmail(key);
      }
    },
  };
}

// Maps each order kind onto its provider client's create and lookup calls. Clients are built
// once per process from the environment (docs/design.md invariant 5: upstream credentials come from
// the environment only).
import { env } from "@/lib/env";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import { upstreamClients } from "@/lib/upstream/clients";
import type { GrommunioClient } from "@/lib/upstream/grommunio/client";
import type { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import type { LookupResult, UpstreamResult } from "@/lib/upstream/result";

export type UpstreamCalls = {
  create(kind: OrderKind, req: UpstreamRequest): Promise<UpstreamResult<unknown>>;
  lookup(kind: OrderKind, naturalKey: string): Promise<LookupResult<unknown>>;
};

export function upstreamCallsFromEnv(): UpstreamCalls {
  const e = env();
  const missing = (
    ["GROMMUNIO_API_URL", "GROMMUNIO_USER", "GROMMUNIO_PASSWORD", "QBOXMAIL_API_URL", "QBOXMAIL_API_TOKEN"] as const
  ).filter((k) => !e[k]);
  if (missing.length) throw new Error(`The worker needs upstream settings: ${missing.join(", ")}`);
  const { grommunio, qboxmail } = upstreamClients() as { grommunio: GrommunioClient; qboxmail: QboxmailClient };
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

// /api/v1/services handlers: the same lib/services reads as the reseller's service pages,
// scoped by the token's reseller.
import { getService, listServices, type ServiceRow } from "@/lib/services/queries";
import { type ApiContext, json } from "./handler";
import { problem } from "./problem";
import { queryOf } from "./query";
import { serviceListQuerySchema } from "./schemas";

function serviceOut(s: ServiceRow) {
  return {
    id: s.id,
    kind: s.kind,
    provider: s.provider,
    status: s.status,
    upstreamRef: s.upstreamRef,
    naturalKey: s.naturalKey,
    displayName: s.displayName,
    upstreamState: s.upstreamState,
    readAt: s.readAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    customerId: s.customer.id,
    customerName: s.customer.name,
  };
}

export async function listServicesApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, serviceListQuerySchema);
  if (!q.ok) return q.res;
  const page = q.data.page ?? 1;
  const { rows, hasNext } = await listServices(principal.resellerId, { ...q.data, page });
  return json({ data: rows.map(serviceOut), nextPage: hasNext ? page + 1 : null });
}

export async function getServiceApi({ principal, params }: ApiContext<{ id: string }>): Promise<Response> {
  const s = await getService(principal.resellerId, params.id);
  return s ? json(serviceOut(s)) : problem(404, "No service of yours has this id.");
}

// The scopes an API token can carry (docs/api.md). Service changes are placed as orders, so
// `orders:write` covers them; `services:read` reads the services orders made.
export const API_SCOPES = [
  "orders:read",
  "orders:write",
  "customers:read",
  "customers:write",
  "services:read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const scopeLabels: Record<ApiScope, string> = {
  "orders:read": "Read orders and their timelines",
  "orders:write": "Place and cancel orders",
  "customers:read": "Read customers",
  "customers:write": "Create and edit customers",
  "services:read": "Read services (provisioned domains, managers, servers)",
};

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

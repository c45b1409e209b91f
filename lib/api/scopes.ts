// The scopes an API token can carry (docs/api.md). `services:write` places change, suspend,
// resume and delete orders for a service; they are orders, so `orders:read` follows them.
export const API_SCOPES = [
  "orders:read",
  "orders:write",
  "customers:read",
  "customers:write",
  "services:read",
  "services:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const scopeLabels: Record<ApiScope, string> = {
  "orders:read": "Read orders and their timelines",
  "orders:write": "Place and cancel orders",
  "customers:read": "Read customers",
  "customers:write": "Create and edit customers",
  "services:read": "Read services (provisioned domains, managers, servers)",
  "services:write": "Change, suspend, resume and delete services",
};

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

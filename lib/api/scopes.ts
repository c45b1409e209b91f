// The scopes an API token can carry (docs/api.md). `services:*` join once the portal manages
// services; until then a token cannot be given a scope that grants nothing.
export const API_SCOPES = ["orders:read", "orders:write", "customers:read", "customers:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const scopeLabels: Record<ApiScope, string> = {
  "orders:read": "Read orders and their timelines",
  "orders:write": "Place and cancel orders",
  "customers:read": "Read customers",
  "customers:write": "Create and edit customers",
};

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

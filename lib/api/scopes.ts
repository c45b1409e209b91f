// The scopes an API token can carry (docs/api.md). `services:write` places change, suspend,
// resume and delete orders for a service; they are orders, so `orders:read` follows them.
// `webhooks:read` lists the webhook endpoints and their deliveries, `webhooks:write` resends a
// delivery; endpoints are registered and deleted on the portal's pages only, where the signing
// secret is shown once to a person.
export const API_SCOPES = [
  "orders:read",
  "orders:write",
  "customers:read",
  "customers:write",
  "services:read",
  "services:write",
  "webhooks:read",
  "webhooks:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];
// What each scope allows, in words, is in the message catalogues (apiAccess.scopeLabels).

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

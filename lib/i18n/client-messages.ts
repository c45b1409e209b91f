// Only the namespaces client components translate are sent to the browser: smaller pages, and no
// text of a section a user cannot open (the support console's words on a reseller's page).
const CLIENT_NAMESPACES = [
  "common",
  "login",
  "status",
  "kinds",
  "nameCheck",
  "orderPage",
  "portalTexts",
  "fieldProblems",
  "orderSentence",
  "validation",
  "customers",
  "orderForm",
  "orderFields",
  "services",
  "account",
  "apiAccess",
  "webhooks",
] as const;

export function clientMessages(all: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((n) => n in all).map((n) => [n, all[n]]));
}

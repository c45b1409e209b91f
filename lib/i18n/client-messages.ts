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

function clientMessages(all: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((n) => n in all).map((n) => [n, all[n]]));
}

/** The client messages of one language as JSON text, wrapped (see clientCatalogue). */
export type ClientCatalogue = { readonly json: string };

// The catalogues are modules loaded once per process, so one text per language is enough.
const catalogues = new WeakMap<Record<string, unknown>, ClientCatalogue>();

/**
 * clientMessages() as JSON text for app/components/intl-client-provider.tsx, made once per
 * catalogue. Wrapped in one object that is always the same: a page that hands it to two providers
 * (its layout's, and the not-found page's that Next renders along as the boundary's fallback) then
 * sends it once, since React's flight encoder writes an object it has seen as a reference, while
 * a string would be written out each time.
 */
export function clientCatalogue(all: Record<string, unknown>): ClientCatalogue {
  let catalogue = catalogues.get(all);
  if (catalogue === undefined) {
    catalogue = Object.freeze({ json: JSON.stringify(clientMessages(all)) });
    catalogues.set(all, catalogue);
  }
  return catalogue;
}

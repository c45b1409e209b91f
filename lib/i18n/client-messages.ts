// What client components translate, and which of those texts a page sends to the browser.
// Every page gets BASE_CLIENT_NAMESPACES from the root layout; a page whose client components
// translate more wraps them in <ClientMessages namespaces={[…]}> (app/components/client-messages.tsx)
// naming the extra namespaces, so a list page does not carry the order form's 12 kB of field help
// (docs/i18n.md "Client messages"). tests/unit/client-messages.test.ts walks every page's imports
// and fails when a client component translates a namespace its page does not send.

/** Every namespace a client component may translate; nothing else ever reaches the browser. */
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
  "picker",
  "orderFields",
  "services",
  "account",
  "apiAccess",
  "webhooks",
] as const;

export type ClientNamespace = (typeof CLIENT_NAMESPACES)[number];

/** Sent on every page: the header's sign-out button. */
export const BASE_CLIENT_NAMESPACES: readonly ClientNamespace[] = ["common"];

/** The given namespaces of one language as JSON text, wrapped (see clientCatalogue). */
export type ClientCatalogue = { readonly json: string };

// The catalogues are modules loaded once per process, and each page names a fixed list, so one
// text per language and list is enough.
const catalogues = new WeakMap<Record<string, unknown>, Map<string, ClientCatalogue>>();

/**
 * The namespaces' messages as JSON text for app/components/intl-client-provider.tsx, made once
 * per catalogue and list. Wrapped in one object that is always the same: a page that hands it to
 * two providers (its layout's, and the not-found page's that Next renders along as the boundary's
 * fallback) then sends it once, since React's flight encoder writes an object it has seen as a
 * reference, while a string would be written out each time.
 */
export function clientCatalogue(all: Record<string, unknown>, namespaces: readonly ClientNamespace[]): ClientCatalogue {
  let byList = catalogues.get(all);
  if (byList === undefined) {
    byList = new Map();
    catalogues.set(all, byList);
  }
  const key = namespaces.join(",");
  let catalogue = byList.get(key);
  if (catalogue === undefined) {
    const picked = Object.fromEntries(namespaces.filter((n) => n in all).map((n) => [n, all[n]]));
    catalogue = Object.freeze({ json: JSON.stringify(picked) });
    byList.set(key, catalogue);
  }
  return catalogue;
}

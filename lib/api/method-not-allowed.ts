// A method an API path does not take: problem+json 405 with `Allow`, like every other refusal of
// the API (docs/api.md "Errors"). Without these exports Next.js answers such a request itself,
// with an empty body and no `Allow` header. The route files export one for each method they lack.
import { withApiSecurityHeaders } from "./handler";
import { problem } from "./problem";

export type NotAllowed = (() => Response) & { readonly notAnOperation: true };

export function notAllowed(allowed: readonly string[]): NotAllowed {
  const allow = allowed.join(", ");
  const answer = () =>
    withApiSecurityHeaders(problem(405, `This path takes ${allow} only.`, undefined, { Allow: allow }));
  // Marked, so the check that the OpenAPI document lists every served method can skip it.
  return Object.assign(answer, { notAnOperation: true as const });
}

/**
 * OPTIONS on an API path: 204 with `Allow` naming the methods it takes (and OPTIONS). Without this
 * export Next.js answers OPTIONS itself, listing every method the route file exports, the 405s
 * above included, and without the API's headers.
 */
export function optionsAllowed(allowed: readonly string[]): NotAllowed {
  const allow = [...allowed, "OPTIONS"].join(", ");
  const answer = () => withApiSecurityHeaders(new Response(null, { status: 204, headers: { Allow: allow } }));
  return Object.assign(answer, { notAnOperation: true as const });
}

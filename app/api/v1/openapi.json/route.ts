// The OpenAPI 3.1 document of the reseller API, generated from its zod schemas (docs/api.md).
// Public on purpose: it holds no tenant data, and integrators need it before they have a token.
import { withApiSecurityHeaders } from "@/lib/api/handler";
import { notAllowed, optionsAllowed } from "@/lib/api/method-not-allowed";
import { apiDocumentCached } from "@/lib/api/openapi";

export function GET(): Response {
  return withApiSecurityHeaders(
    Response.json(apiDocumentCached(), { headers: { "Cache-Control": "public, max-age=300" } }),
  );
}

// Any other method: a 405 that says which ones this path takes.
const ALLOWED = ["GET"] as const;
export const POST = notAllowed(ALLOWED);
export const PUT = notAllowed(ALLOWED);
export const PATCH = notAllowed(ALLOWED);
export const DELETE = notAllowed(ALLOWED);
export const OPTIONS = optionsAllowed(ALLOWED);

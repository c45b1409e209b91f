// The OpenAPI 3.1 document of the reseller API, generated from its zod schemas (docs/api.md).
// Public on purpose: it holds no tenant data, and integrators need it before they have a token.
import { withApiSecurityHeaders } from "@/lib/api/handler";
import { apiDocumentCached } from "@/lib/api/openapi";

export function GET(): Response {
  return withApiSecurityHeaders(
    Response.json(apiDocumentCached(), { headers: { "Cache-Control": "public, max-age=300" } }),
  );
}

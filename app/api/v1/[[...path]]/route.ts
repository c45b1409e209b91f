// Any /api/v1 path no operation answers, /api/v1 itself among them (the optional catch-all): a
// problem+json 404 that points at the document of the API, rather than the portal's HTML page
// (proxy.ts does not run under /api/v1, so that page would lack its security policy; docs/api.md).
import { withApiSecurityHeaders } from "@/lib/api/handler";
import { problem } from "@/lib/api/problem";

function notFound(): Response {
  return withApiSecurityHeaders(
    problem(404, "No API operation has this path; the paths are listed in /api/v1/openapi.json."),
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;

// RFC 9457 problem details: the one error shape of the reseller API (docs/api.md).
import { apiCacheControl } from "./cache-control";

export type FieldErrors = Record<string, string[] | undefined>;

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Validation failures, keyed by the request body's field names (nested: dotted). */
  errors?: Record<string, string[]>;
};

const TYPES: Record<number, { slug: string; title: string }> = {
  400: { slug: "bad-request", title: "The request is malformed" },
  401: { slug: "unauthorized", title: "A valid API token is required" },
  403: { slug: "forbidden", title: "The token lacks a scope this request needs" },
  404: { slug: "not-found", title: "Not found" },
  405: { slug: "method-not-allowed", title: "Method not allowed" },
  409: { slug: "conflict", title: "The request conflicts with the current state" },
  412: { slug: "precondition-failed", title: "The resource changed since you read it" },
  413: { slug: "too-large", title: "The request body is too large" },
  415: { slug: "unsupported-media-type", title: "Send the body as application/json" },
  422: { slug: "validation", title: "The request did not pass validation" },
  429: { slug: "rate-limited", title: "Too many requests" },
  500: { slug: "internal", title: "Something went wrong on our side" },
};

/** Problems whose status is shared with others of another meaning (a 403 that is no scope's). */
const VARIANTS = {
  actionForbidden: { slug: "action-forbidden", title: "This request is an administrator's decision" },
} as const;

function problemBody(status: number, detail?: string, errors?: FieldErrors, variant?: keyof typeof VARIANTS): Problem {
  const t = (variant && VARIANTS[variant]) ?? TYPES[status] ?? { slug: "error", title: "Error" };
  const clean = errors
    ? Object.fromEntries(Object.entries(errors).filter((e): e is [string, string[]] => !!e[1]?.length))
    : undefined;
  return {
    type: `urn:mail-reseller-portal:problem:${t.slug}`,
    title: t.title,
    status,
    ...(detail ? { detail } : {}),
    ...(clean && Object.keys(clean).length ? { errors: clean } : {}),
  };
}

export function problem(
  status: number,
  detail?: string,
  errors?: FieldErrors,
  headers: Record<string, string> = {},
  variant?: keyof typeof VARIANTS,
): Response {
  const body = JSON.stringify(problemBody(status, detail, errors, variant));
  return new Response(body, {
    status,
    headers: {
      ...headers,
      "Content-Type": "application/problem+json",
      "Cache-Control": apiCacheControl(body, "ETag" in headers),
    },
  });
}

// The one wrapper every /api/v1 route handler goes through (docs/api.md): rate limit and bearer
// token → scope → handler, with problem+json for every refusal and RateLimit headers on every
// answer. A token this process knows as valid is charged its own budget; any other request is
// first charged to its address block and, once that is spent, refused before any token not of our
// form is looked up (docs/security.md "API tokens and webhooks"). The handler then calls the same lib/ functions the web's server actions call,
// with the token's principal standing in for the session user; those functions scope every
// query by the principal's reseller themselves.
import { addressBlock } from "@/lib/auth/address-block";
import { clientIp } from "@/lib/auth/client-ip";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { apiSecurityHeaders, isHttps } from "@/lib/security/headers";
import { SpanKind, withSpan } from "@/lib/tracing/spans";
import { apiCacheControl } from "./cache-control";
import { problem } from "./problem";
import { consumeRate, type RateVerdict, refundRate } from "./rate-limit";
import { repeatedKey } from "./repeated-key";
import type { ApiScope } from "./scopes";
import { type ApiPrincipal, authenticateApiToken, isWellFormedToken, knownApiPrincipal } from "./tokens";

export type ApiContext<P> = { principal: ApiPrincipal; params: P; request: Request };
type RouteContext<P> = { params: Promise<P> };

function bearer(request: Request): string | null {
  const h = request.headers.get("authorization");
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1] ?? null;
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

let securityHeaders: { appUrl: string; headers: Record<string, string> } | undefined;

/** The API's security headers on a response (every /api/v1 answer; proxy.ts does not run there). */
export function withApiSecurityHeaders(res: Response): Response {
  const appUrl = env().APP_URL;
  if (securityHeaders?.appUrl !== appUrl)
    securityHeaders = { appUrl, headers: apiSecurityHeaders({ https: isHttps(appUrl) }) };
  return withHeaders(res, securityHeaders.headers);
}

/** What a route does with the request beyond its scope. */
type RouteOptions = {
  /**
   * The route reads an Idempotency-Key (lib/orders/idempotency-key.ts): a 500 then tells the
   * client to repeat the request with the same key. Any other route ignores a key it is sent, so
   * its 500 never says the key makes a repeat safe.
   */
  idempotencyKey?: boolean;
};

export function apiRoute<P = Record<string, never>>(
  scope: ApiScope,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
  options: RouteOptions = {},
): (request: Request, ctx: RouteContext<P>) => Promise<Response> {
  const answer = answerWith(scope, handler, options);
  return async (request, ctx) => withApiSecurityHeaders(await answer(request, ctx));
}

function answerWith<P>(
  scope: ApiScope,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
  options: RouteOptions,
): (request: Request, ctx: RouteContext<P>) => Promise<Response> {
  const failedOnOurSide = (request: Request) => failedOnOurSideOf(request, options);
  return async (request, ctx) => {
    const token = bearer(request);
    const { principal, rate } = await principalWithinRate(request, token);
    if (principal === undefined) return problem(500, failedOnOurSide(request), undefined, rate.headers);
    if (!rate.allowed)
      return problem(
        429,
        `Wait ${rate.headers["Retry-After"]} s; the limit counts per token (without a valid token, per address) and minute.`,
        undefined,
        rate.headers,
      );
    if (!principal) {
      const detail = token
        ? "The token is unknown, revoked or expired, or its user can no longer act for the reseller."
        : "Send the token as `Authorization: Bearer <token>`; reseller users create tokens under API access.";
      // RFC 6750 §3.1: a token sent and refused says so, as `error="invalid_token"`.
      const challenge = token ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"';
      return problem(401, detail, undefined, { ...rate.headers, "WWW-Authenticate": challenge });
    }
    if (!principal.scopes.includes(scope))
      return problem(
        403,
        `This request needs the scope "${scope}"; create a token that has it.`,
        undefined,
        rate.headers,
      );
    try {
      // The span the worker's job continues when the request places an order (docs/observability.md).
      const params = (await ctx.params) ?? ({} as P);
      const res = await withSpan(
        `api ${request.method} ${scope}`,
        { "http.request.method": request.method, "api.scope": scope },
        async (span) => {
          const answer = await handler({ principal, params, request });
          span.setAttribute("http.response.status_code", answer.status);
          return answer;
        },
        SpanKind.SERVER,
      );
      return withHeaders(res, rate.headers);
    } catch (err) {
      log.error("api request failed", {
        method: request.method,
        path: new URL(request.url).pathname,
        resellerId: principal.resellerId,
        error: (err as Error).message,
      });
      return problem(500, failedOnOurSide(request), undefined, rate.headers);
    }
  };
}

/**
 * A 500's detail: the failure was the portal's, and what the client does next. A request that
 * carries an Idempotency-Key to a route that reads one is repeated with the same key, which
 * answers with what the first request placed if it got that far, never placing twice (docs/api.md
 * "Requests and answers"); a read, a request without a key, or one to a route that ignores keys
 * is simply repeated.
 */
function failedOnOurSideOf(request: Request, options: RouteOptions): string {
  const keyed =
    options.idempotencyKey === true &&
    request.method !== "GET" &&
    request.method !== "HEAD" &&
    request.headers.has("idempotency-key");
  const repeat = keyed
    ? "Repeat the request with the same Idempotency-Key after a few seconds (with that key it cannot be carried out twice)"
    : "Repeat the request after a few seconds";
  return `The portal failed on its side. ${repeat}; if it persists, contact support with the time of the request.`;
}

/**
 * Who sends the request and what the rate limit says. A token this process saw authenticate
 * moments ago is charged to its own budget only. Anything else (no token, an unknown one, a
 * valid one not seen lately) is charged to its address block first (an IPv6 /64, as the sign-in
 * limits count: lib/auth/address-block.ts): when that is spent the answer is 429, without a
 * database read unless the token has our form (one index probe by its hash, so a valid token is
 * never refused for its neighbours' requests). A token that proves valid gets the address's point
 * back and is charged to its own budget. The principal is
 * undefined when the token could not be read (the database away), null when there is none or
 * it was not looked up.
 */
async function principalWithinRate(
  request: Request,
  token: string | null,
): Promise<{ principal: ApiPrincipal | null | undefined; rate: RateVerdict }> {
  const known = token ? knownApiPrincipal(token) : undefined;
  if (known) return { principal: known, rate: await consumeRate(`token:${known.tokenId}`) };
  const address = `ip:${addressBlock(clientIp(Object.fromEntries(request.headers.entries()), env().TRUSTED_PROXY_HOPS))}`;
  const byAddress = await consumeRate(address);
  // Over the address's budget, only a token of our form is still looked up: a neighbour behind the
  // same NAT or /64 spending the budget must not lock out a valid token, and anything else (no
  // token, a malformed one) is answered without a database read.
  if (!byAddress.allowed && !(token && isWellFormedToken(token))) return { principal: null, rate: byAddress };
  // A token that cannot be read (the database away) is answered as any failure is: a problem
  // document with the rate headers, counted against the address, never the framework's page.
  const principal = token
    ? await authenticateApiToken(token).catch((err: unknown) => {
        log.error("api request failed", {
          method: request.method,
          path: new URL(request.url).pathname,
          error: (err as Error).message,
        });
        return undefined;
      })
    : null;
  if (!principal) return { principal: byAddress.allowed ? principal : null, rate: byAddress };
  if (byAddress.allowed) await refundRate(address);
  return { principal, rate: await consumeRate(`token:${principal.tokenId}`) };
}

/**
 * The largest request body the API reads. Its biggest bodies (an order with every setting and a
 * long list of allowed networks) are a few kilobytes; without a cap, one token could make the web
 * process buffer any amount before anything is checked.
 */
export const MAX_BODY_BYTES = 64 * 1024;

type BodyRead = { ok: true; body: unknown } | { ok: false; res: Response };

/** The JSON body, or a problem to answer with. */
export async function readJson(request: Request): Promise<BodyRead> {
  const refused = refusedContentType(request);
  if (refused) return { ok: false, res: refused };
  const bytes = await readBounded(request);
  if (!bytes) return { ok: false, res: problem(413, `Send at most ${MAX_BODY_BYTES / 1024} KiB of JSON.`) };
  return parseJson(bytes);
}

/**
 * An optional JSON body: `undefined` when the request carries no bytes, whatever its headers
 * say (a bare `curl -X POST`, a client that sends no Content-Length or Content-Type); otherwise
 * as readJson.
 */
export async function readOptionalJson(request: Request): Promise<BodyRead> {
  const bytes = await readBounded(request);
  if (!bytes) return { ok: false, res: problem(413, `Send at most ${MAX_BODY_BYTES / 1024} KiB of JSON.`) };
  if (bytes.byteLength === 0) return { ok: true, body: undefined };
  const refused = refusedContentType(request);
  if (refused) return { ok: false, res: refused };
  return parseJson(bytes);
}

function refusedContentType(request: Request): Response | undefined {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
    return problem(415, "Set `Content-Type: application/json` and send a JSON body.");
  // JSON is UTF-8 (RFC 8259); a body declared in another charset would be read as something else.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
  if (charset && !/^utf-?8$/i.test(charset))
    return problem(415, "Send the body in UTF-8 (`charset=utf-8`, or no charset).");
  return undefined;
}

function parseJson(bytes: Uint8Array): BodyRead {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, res: problem(400, "The body is not valid UTF-8; send it in UTF-8.") };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, res: problem(400, "The body is not valid JSON.") };
  }
  const twice = repeatedKey(text);
  if (twice !== undefined)
    return {
      ok: false,
      res: problem(
        400,
        `The body names ${JSON.stringify(twice.slice(0, 100))} twice in one object: send each field once.`,
      ),
    };
  return { ok: true, body };
}

/** The body's bytes, or null once it passes MAX_BODY_BYTES (the rest is never read). */
async function readBounded(request: Request): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(data);
  return new Response(body, {
    status,
    headers: {
      ...headers,
      "Content-Type": "application/json",
      "Cache-Control": apiCacheControl(body, "ETag" in headers),
    },
  });
}

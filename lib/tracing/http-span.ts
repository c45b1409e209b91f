// One CLIENT span per upstream HTTP request. The path is left out on purpose: it carries domain
// names and e-mail addresses; method, host and status say enough to find the slow call.
import { type Context, SpanStatusCode } from "@opentelemetry/api";
import { inSpan, SpanKind } from "./spans";

// The shape of lib/upstream/http.ts's outcome that matters here (typed structurally, so this
// module does not import the one that calls it).
type Outcome = { ok: true; status: number } | { ok: false; reason: string };

/** `parent`: the attempt's span when the caller passes one by hand; else the active span. */
export function tracedHttp<T extends Outcome>(
  method: string,
  url: URL,
  parent: Context | undefined,
  send: () => Promise<T>,
): Promise<T> {
  return inSpan(
    parent,
    `HTTP ${method.toUpperCase()}`,
    {
      "http.request.method": method.toUpperCase(),
      "server.address": url.hostname,
      "server.port": url.port || undefined,
    },
    async (span) => {
      const out = await send();
      if (out.ok) {
        span.setAttribute("http.response.status_code", out.status);
        if (out.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } else {
        span.setAttribute("error.type", out.reason);
        span.setStatus({ code: SpanStatusCode.ERROR, message: out.reason });
      }
      return out;
    },
    SpanKind.CLIENT,
  );
}

// A redirect (3xx) answered by an upstream, for both providers' classifiers. Redirects are never
// followed (lib/upstream/http.ts): a POST would turn into a GET, and the token or password would
// go to an address nobody configured. A redirect says the configured provider address is not the
// API's (http moved to https, another host or path, a sign-in page in front of the API), which no
// retry mends and for which the reseller's order is not at fault: it is held for a person, as
// refused credentials are (docs/upstream/qboxmail.md §5, docs/upstream/grommunio.md §3).
import { portalText } from "@/lib/i18n/portal-texts";
import type { HttpAnswer } from "./http";
import type { CallInfo, UpstreamFailure } from "./result";

export function redirected(outcome: HttpAnswer, provider: "Qboxmail" | "grommunio"): UpstreamFailure {
  const location = whereTo(outcome.headers.get("location"));
  const status = String(outcome.status);
  return {
    kind: "auth",
    message: location
      ? portalText("redirectsTo", { provider, status, location })
      : portalText("redirects", { provider, status }),
    call: outcome.call,
  };
}

/**
 * Whether `call` was answered with a redirect itself: a request that reached a server, which may
 * have applied it before answering so. Not a redirect of grommunio's login made before the call
 * (its `call` is the login's): the call itself was never sent then.
 */
export function redirectedCall(call: CallInfo | undefined): boolean {
  const status = call?.status ?? 0;
  return status >= 300 && status < 400 && !/\/login$/.test(call?.path ?? "");
}

// Only scheme, host and path: a query or fragment may carry a token, and user info a password.
function whereTo(location: string | null): string | undefined {
  if (!location) return undefined;
  try {
    const u = new URL(location, "http://relative.invalid");
    const path = u.pathname.length > 120 ? `${u.pathname.slice(0, 117)}...` : u.pathname;
    return u.host === "relative.invalid" ? path : `${u.protocol}//${u.host}${path}`;
  } catch {
    return undefined;
  }
}

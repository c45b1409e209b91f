// grommunio login state for one client instance (docs/upstream/grommunio.md §2): a form login returns the JWT and
// CSRF token as JSON (no cookie is set), and the client sends them itself. Concurrent calls share
// one login in flight, so 50 workers hitting an expired token cause one login, not 50.

import { portalText } from "@/lib/i18n/portal-texts";
import { type CallScope, httpCall, meantAsJson } from "../http";
import type { UpstreamFailure } from "../result";
import { classifyGrommunio } from "./classify";
import { screenedAnswer } from "./screened-answer";

export type Session = { jwt: string; csrf: string };
export type SessionResult = { ok: true; session: Session } | { ok: false; failure: UpstreamFailure };

export class GrommunioSession {
  private current?: Session;
  private inFlight?: Promise<SessionResult>;

  constructor(private readonly opts: { baseUrl: string; user: string; password: string; timeoutMs: number }) {}

  /**
   * `scope`: the attempt that needs the login. A login it starts is shared by every call that
   * needs one meanwhile, so it is bounded by its own timeout, not by that attempt's deadline: an
   * attempt with little time left would otherwise fail the login for all of them. A caller
   * stops waiting at its own deadline (its call is then not sent: transient), so no attempt
   * outlasts its deadline.
   */
  async get(scope?: CallScope): Promise<SessionResult> {
    if (this.current) return { ok: true, session: this.current };
    this.inFlight ??= this.login(scope).finally(() => {
      this.inFlight = undefined;
    });
    const left = scope?.deadline === undefined ? undefined : scope.deadline - Date.now();
    if (left === undefined) return this.inFlight;
    let timer: NodeJS.Timeout | undefined;
    const deadlinePassed = new Promise<SessionResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            failure: {
              kind: "transient",
              message: portalText("deadlinePassed"),
              call: {
                method: "POST",
                path: new URL(`${this.opts.baseUrl}/login`).pathname,
                durationMs: Math.max(0, left),
              },
            },
          }),
        Math.max(0, left),
      );
    });
    try {
      return await Promise.race([this.inFlight, deadlinePassed]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops `stale` unless another call already replaced it with a fresh session. */
  invalidate(stale: Session): void {
    if (this.current === stale) this.current = undefined;
  }

  private async login(scope: CallScope | undefined): Promise<SessionResult> {
    const sent = await httpCall({
      method: "POST",
      url: `${this.opts.baseUrl}/login`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ user: this.opts.user, pass: this.opts.password }).toString(),
      timeoutMs: this.opts.timeoutMs,
      scope: scope?.trace ? { trace: scope.trace } : undefined,
    });
    const outcome = screenedAnswer(sent, [this.opts.password]);
    const failure = classifyGrommunio(outcome, "login");
    if (failure) {
      // The call the caller wanted was never sent, so nothing can have been applied: a login
      // that timed out or hit a 5xx is transient for the caller, never unknown.
      if (failure.kind === "unknown")
        return {
          ok: false,
          failure: {
            ...failure,
            kind: "transient",
            message: portalText("gromLoginFailed", { error: failure.message }),
          },
        };
      return { ok: false, failure };
    }
    const json = (outcome.ok ? outcome.json : undefined) as { grommunioAuthJwt?: unknown; csrf?: unknown } | undefined;
    // A 200 without the tokens (a sign-in page of a proxy in front, a login route that is not
    // grommunio's) is the portal's configuration, as a login refused: held for a person (`auth`),
    // not retried until the order gives up. A JSON answer cut short or mangled on the way is not:
    // the next login may well be whole, so it is retried (`transient`).
    if (typeof json?.grommunioAuthJwt !== "string" || typeof json.csrf !== "string") {
      const garbled = outcome.ok && json === undefined && meantAsJson(outcome.text, outcome.headers);
      return {
        ok: false,
        failure: { kind: garbled ? "transient" : "auth", message: portalText("gromNoTokens"), call: outcome.call },
      };
    }
    this.current = { jwt: json.grommunioAuthJwt, csrf: json.csrf };
    return { ok: true, session: this.current };
  }
}

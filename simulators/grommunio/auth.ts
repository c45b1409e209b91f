// grommunio's login and token checks (docs/upstream/grommunio.md §2): RS256 JWT {usr, exp} valid 7 days, CSRF token
// = base64(sha3-256(jwt)), tokens returned as JSON (no Set-Cookie), a form-less POST /login
// refreshes, and the 401 reasons are checked in the upstream's order.
import { createHash, createSign, createVerify } from "node:crypto";
import type { SimRequest, SimResponse } from "../common/types";
import { type GrommunioState, nowSeconds } from "./state";

const LIFETIME_SECONDS = 604_800;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

function issueJwt(state: GrommunioState, username: string): string {
  // PyJWT's header order and claims; `exp` is a whole number of seconds.
  const head = b64url(JSON.stringify({ typ: "JWT", alg: "RS256" }));
  const body = b64url(JSON.stringify({ usr: username, exp: nowSeconds(state) + LIFETIME_SECONDS }));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(state.privateKeyPem);
  return `${head}.${body}.${b64url(signature)}`;
}

function csrfFor(jwt: string): string {
  return createHash("sha3-256").update(jwt).digest("base64");
}

type TokenCheck = { ok: true; username: string } | { ok: false; error: string };

// PyJWT order: a malformed token, then the signature, then the expiry.
function checkJwt(state: GrommunioState, token: string): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, error: "invalid token" };
  const [head, body, sig] = parts as [string, string, string];
  let claims: { usr?: unknown; exp?: unknown };
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
    if (header.alg !== "RS256") return { ok: false, error: "invalid token" };
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return { ok: false, error: "invalid token" };
  }
  const valid = createVerify("RSA-SHA256")
    .update(`${head}.${body}`)
    .verify(state.publicKeyPem, Buffer.from(sig, "base64url"));
  if (!valid) return { ok: false, error: "Invalid token signature" };
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds(state))
    return { ok: false, error: "Token has expired" };
  if (typeof claims.usr !== "string") return { ok: false, error: "invalid token" };
  return { ok: true, username: claims.usr };
}

function cookieToken(req: SimRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "grommunioAuthJwt") return rest.join("=");
  }
  return undefined;
}

export type AuthOutcome = { ok: true; username: string } | { ok: false; response: SimResponse };

/** Auth for protected routes: cookie, token, then CSRF for anything but GET. */
export function authenticate(state: GrommunioState, req: SimRequest): AuthOutcome {
  const deny = (error: string): AuthOutcome => ({
    ok: false,
    response: { status: 401, body: { message: "Access denied", error } },
  });
  const token = cookieToken(req);
  if (!token) return deny("No token provided");
  const check = checkJwt(state, token);
  if (!check.ok) return deny(check.error);
  if (req.method !== "GET") {
    const header = req.headers["x-csrf-token"];
    if (typeof header !== "string" || header !== csrfFor(token)) return deny("Invalid or missing CSRF token");
  }
  return { ok: true, username: check.username };
}

/** POST /login: form login, or a refresh when `user` or `pass` is missing. */
export function login(state: GrommunioState, req: SimRequest): SimResponse {
  const form = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")
    ? new URLSearchParams(req.rawBody)
    : new URLSearchParams();
  const user = form.get("user");
  const pass = form.get("pass");
  const tokens = (username: string): SimResponse => {
    const jwt = issueJwt(state, username);
    return { status: 200, body: { grommunioAuthJwt: jwt, csrf: csrfFor(jwt) } };
  };
  if (user === null || pass === null) {
    const token = cookieToken(req);
    const check = token ? checkJwt(state, token) : undefined;
    // Even an expired (but otherwise valid) cookie is "Incomplete login form", not 401.
    if (check?.ok) return tokens(check.username);
    return { status: 400, body: { message: "Incomplete login form" } };
  }
  const account = state.users[user];
  if (!account || account.password !== pass)
    return { status: 401, body: { message: "Login failed", error: "Invalid username or password" } };
  if (account.role === "none") return { status: 401, body: { message: "Login failed", error: "Access denied" } };
  return tokens(user);
}

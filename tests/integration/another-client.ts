// Another client of the same upstream account (a second portal, an admin at the provider's
// console): it creates resources straight over the simulators' API, outside the portal, so the
// ownership scenarios can put a foreign resource under an order's name.

/** Creates a resource directly upstream, as another client of the same upstream account would. */
export async function createUpstream(
  sim: "qboxmail" | "grommunio",
  path: string,
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  if (sim === "qboxmail") {
    const r = await fetch(`${process.env.QBOXMAIL_API_URL}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-token": process.env.QBOXMAIL_API_TOKEN! },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
  }
  const r = await grommunioApi("POST", path, body);
  return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
}

/** A call to the grommunio API, signed in with the portal's account as another client would be. */
export async function grommunioApi(method: string, path: string, body?: Record<string, unknown>): Promise<Response> {
  const base = process.env.GROMMUNIO_API_URL!;
  const login = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ user: process.env.GROMMUNIO_USER!, pass: process.env.GROMMUNIO_PASSWORD! }),
  });
  const { grommunioAuthJwt, csrf } = (await login.json()) as { grommunioAuthJwt: string; csrf: string };
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      cookie: `grommunioAuthJwt=${grommunioAuthJwt}`,
      "x-csrf-token": csrf,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/**
 * A call to the Qboxmail API with the portal's account token, as another client of the account
 * makes it: a JSON Content-Type only with a body (an empty body said to be JSON is a 400).
 */
export const qboxmailApi = (path: string, init: RequestInit = {}) =>
  fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}${path}`, {
    ...init,
    headers: {
      "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
  });

/** Whether the simulated grommunio reaches its chat service (off unless a test turns it on). */
export const chatService = (chatAvailable: boolean) =>
  fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/flags`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chatAvailable }),
  });

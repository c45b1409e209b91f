// PATCH of domains and servers, and the servers' DNS check (docs/upstream/grommunio.md, the
// lifecycle part): partial updates applied key by key in body order, the upstream's refusals,
// and the answer a real grommunio gives. Suspend, resume and undelete are a PATCH of
// `domainStatus`. The DNS check resolves against a fake table set by a control route, never the
// real network.
import type { SimContext, SimResponse } from "../common/types";
import { realDate } from "./domain-create";
import { answerWithDomains, domainView } from "./domain-view";
import { DATABASE_ERROR, fullRow, tooBig } from "./servers";
import { type Domain, domainColumnAccess, type GrommunioState } from "./state";

const UINT32_MAX = 4_294_967_295;
const bad = (message: string): SimResponse => ({ status: 400, body: { message } });
const CHAT_UNAVAILABLE: SimResponse = { status: 503, body: { message: "Chat service unavailable" } };

function parseObject(rawBody: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(rawBody);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function patchDomain(state: GrommunioState, id: number, rawBody: string, ctx: SimContext): SimResponse {
  const domain = state.domains.find((d) => d.ID === id);
  if (!domain) return { status: 404, body: { message: "Domain not found" } };
  const body = parseObject(rawBody);
  if (!body) return bad("Could not update: no valid JSON data");
  // Applied on a copy: a refusal half-way leaves the row as it was (one transaction upstream).
  const next: Domain = structuredClone(domain);
  for (const [key, value] of Object.entries(body)) {
    const access = domainColumnAccess(key);
    if (access === "fixed") {
      if (value !== domain[key as keyof Domain]) return bad(`Attribute '${key}' is read only and does not match`);
      continue;
    }
    if (access !== "write") return bad(`Unknown attribute '${key}'`);
    if (key === "homeserver") {
      const sid = value === null ? 0 : Number(value);
      if (sid !== 0 && !state.servers.some((s) => s.ID === sid)) return bad("Invalid homeserver");
      next.homeserver = sid;
      continue;
    }
    if (key === "chat" && value === true && next.domainStatus !== 0)
      return bad("Cannot activate chat for deactivated domain");
    (next as Record<string, unknown>)[key] = value;
  }
  // The chat key calls grommunio-chat; when it cannot be reached the PATCH answers 503 and the
  // row is not written (one transaction upstream).
  if ("chat" in body && !state.flags.chatAvailable) return CHAT_UNAVAILABLE;
  const uint = (n: number) => n < 0 || n > UINT32_MAX;
  if (uint(next.maxUser) || next.domainStatus < -128 || next.domainStatus > 127 || !realDate(next.endDay))
    return DATABASE_ERROR;
  Object.assign(domain, next);
  ctx.ledger.recordChange("domain", String(id), "update");
  ctx.changed();
  return answerWithDomains(200, () => domainView(state, domain, 2));
}

export function patchServer(state: GrommunioState, id: number, rawBody: string, ctx: SimContext): SimResponse {
  const server = state.servers.find((s) => s.ID === id);
  if (!server) return { status: 404, body: { message: " not found" } };
  const body = parseObject(rawBody);
  if (!body) return bad("Could not update: no valid JSON data");
  const unknown = Object.keys(body).find((k) => k !== "hostname" && k !== "extname");
  if (unknown) return bad(`Unknown attribute '${unknown}'`);
  // MariaDB strict mode: too long, or not representable in the ascii column (as on create).
  for (const field of ["hostname", "extname"] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== "string" || tooBig(v)) return DATABASE_ERROR;
  }
  const hostname = body.hostname as string | undefined;
  // The unique key compares without case; the server's own row is no duplicate of itself, so a
  // change of case alone goes through. Nothing else moves: domains and users keep their paths.
  if (
    hostname !== undefined &&
    state.servers.some((s) => s.ID !== id && s.hostname.toLowerCase() === hostname.toLowerCase())
  )
    return {
      status: 400,
      body: { message: "Could not update: invalid data", error: `Duplicate entry '${hostname}' for key 'hostname'` },
    };
  if (hostname !== undefined) server.hostname = hostname;
  if (typeof body.extname === "string") server.extname = body.extname;
  ctx.ledger.recordChange("server", String(id), "update");
  ctx.changed();
  return { status: 200, body: fullRow(state, server) };
}

/** `{"host":{name:bool},"ext":{name:bool}}` for every server, from the fake resolver table. */
export function serversDnsCheck(state: GrommunioState): SimResponse {
  const resolves = (name: string) => (state.resolvable ?? []).includes(name.toLowerCase());
  const host: Record<string, boolean> = {};
  const ext: Record<string, boolean> = {};
  for (const s of state.servers) {
    host[s.hostname] = resolves(s.hostname);
    ext[s.extname] = resolves(s.extname);
  }
  return { status: 200, body: { host, ext } };
}

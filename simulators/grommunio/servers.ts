// /system/servers (docs/upstream/grommunio.md §4): create, list, get, delete. Error bodies here carry `message` and
// `error` (unlike domains), and "not found" has a leading space — both are upstream's.
import type { SimContext, SimResponse } from "../common/types";
import { levelOf, listRows, withCount } from "./lists";
import type { GrommunioState, Server } from "./state";

const SERVER_COLUMNS = ["ID", "hostname", "extname", "users", "domains"];
export const DATABASE_ERROR: SimResponse = { status: 503, body: { message: "Database error." } };

/** Too long, or not representable in the ascii column: a 503 "Database error." (create and PATCH). */
export const tooBig = (s: string) => s.length > 255 || /\P{ASCII}/u.test(s);

function domainsOn(state: GrommunioState, serverId: number): number {
  return state.domains.filter((d) => d.homeserver === serverId).length;
}

/** A server as the fullest view (level 2) shows it, with its user and domain counts: what a create or a PATCH answers. */
type ServerRow = Server & { users: number; domains: number };

export function fullRow(state: GrommunioState, s: Server): ServerRow {
  return { ID: s.ID, hostname: s.hostname, extname: s.extname, users: 0, domains: domainsOn(state, s.ID) };
}

function atLevel(row: ServerRow, level: number): Record<string, unknown> {
  if (level <= 0) return { ID: row.ID, hostname: row.hostname };
  if (level === 1) return { ID: row.ID, hostname: row.hostname, extname: row.extname };
  return row;
}

export function createServer(state: GrommunioState, rawBody: string, ctx: SimContext): SimResponse {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return { status: 400, body: { message: "Invalid JSON object" } };
  }
  const unknown = Object.keys(body).find((k) => !SERVER_COLUMNS.includes(k));
  if (unknown) return { status: 400, body: { message: `Unknown attribute '${unknown}'` } };
  const constraint = (error: string): SimResponse => ({
    status: 400,
    body: { message: "Object violates database constraints", error },
  });
  for (const field of ["hostname", "extname"]) {
    if (body[field] === undefined) return constraint(`Field '${field}' doesn't have a default value`);
  }
  const hostname = body.hostname as string;
  const extname = body.extname as string;
  // MariaDB strict mode: too long or not representable in the ascii column.
  if (tooBig(hostname) || tooBig(extname)) return DATABASE_ERROR;
  if (state.servers.some((s) => s.hostname.toLowerCase() === hostname.toLowerCase())) {
    ctx.ledger.recordDuplicate("server", hostname);
    return constraint(`Duplicate entry '${hostname}' for key 'hostname'`);
  }
  if (state.nextServerId > 255) return DATABASE_ERROR; // TINYINT UNSIGNED id is exhausted
  const server: Server = { ID: state.nextServerId++, hostname, extname };
  state.servers.push(server);
  ctx.ledger.recordCreate("server", hostname, String(server.ID), { hostname, extname });
  ctx.changed();
  return { status: 201, body: fullRow(state, server) };
}

export function listServers(state: GrommunioState, query: URLSearchParams): SimResponse {
  const rows = state.servers.map((s) => fullRow(state, s));
  // The spec documents a `description` filter that does nothing; the real key is `extname`.
  const { data, count } = listRows(rows, query, {
    text: ["hostname", "extname"],
    intSets: ["ID"],
    intRanges: ["users"],
    ignoreText: state.flags.listFiltersIgnored,
    ignoreOffset: state.flags.listOffsetIgnored,
    limitMax: state.flags.listLimitMax,
  });
  const level = levelOf(query);
  return {
    status: 200,
    body: withCount(
      state,
      data.map((r) => atLevel(r, level)),
      count,
    ),
  };
}

export function getServer(state: GrommunioState, id: number, query: URLSearchParams): SimResponse {
  const server = state.servers.find((s) => s.ID === id);
  if (!server) return { status: 404, body: { message: " not found" } };
  return { status: 200, body: atLevel(fullRow(state, server), query.has("level") ? levelOf(query) : 2) };
}

export function deleteServer(state: GrommunioState, id: number, ctx: SimContext): SimResponse {
  const server = state.servers.find((s) => s.ID === id);
  if (!server) return { status: 404, body: { message: " not found" } };
  if (domainsOn(state, id) > 0) return { status: 400, body: { message: "Cannot delete server with users or domains" } };
  state.servers = state.servers.filter((s) => s.ID !== id);
  ctx.ledger.recordChange("server", String(id), "delete");
  ctx.changed();
  return { status: 200, body: { message: ` #${id} deleted.` } };
}

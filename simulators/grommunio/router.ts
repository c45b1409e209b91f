// Routing and the check order every protected request goes through (docs/upstream/grommunio.md §3):
// 401 auth/CSRF → 400 spec validation → 503 database not available → 403 permission → endpoint.
import type { SimContext, SimRequest, SimResponse } from "../common/types";
import { authenticate, login } from "./auth";
import { createDomain } from "./domain-create";
import { deleteDomain, getDomain, listDomains } from "./domains";
import { patchDomain, patchServer, serversDnsCheck } from "./lifecycle";
import { listRoles } from "./roles";
import { createServer, deleteServer, getServer, listServers } from "./servers";
import { type SpecIssue, validateQuery, validateRequestBody } from "./spec";
import type { GrommunioState } from "./state";

type Handler = (state: GrommunioState, req: SimRequest, id: number, ctx: SimContext) => SimResponse;
type Method = { handler: Handler; auth: boolean; write?: boolean };
type Route = { pattern: RegExp; specPath: string; methods: Record<string, Method> };

const API = "/api/v1";

const ROUTES: Route[] = [
  {
    pattern: /^\/status$/,
    specPath: "/status",
    methods: {
      GET: {
        auth: false,
        handler: (s) => ({
          status: 200,
          body: { message: "API is operational", database: !s.flags.databaseUnavailable, tasq: false },
        }),
      },
    },
  },
  { pattern: /^\/login$/, specPath: "/login", methods: { POST: { auth: false, handler: (s, req) => login(s, req) } } },
  {
    pattern: /^\/system\/servers$/,
    specPath: "/system/servers",
    methods: {
      GET: { auth: true, handler: (s, req) => listServers(s, req.query) },
      POST: { auth: true, write: true, handler: (s, req, _id, ctx) => createServer(s, req.rawBody, ctx) },
    },
  },
  {
    pattern: /^\/system\/servers\/dnsCheck$/,
    specPath: "/system/servers/dnsCheck",
    methods: { GET: { auth: true, handler: (s) => serversDnsCheck(s) } },
  },
  {
    pattern: /^\/system\/servers\/(\d+)$/,
    specPath: "/system/servers/{ID}",
    methods: {
      GET: { auth: true, handler: (s, req, id) => getServer(s, id, req.query) },
      PATCH: { auth: true, write: true, handler: (s, req, id, ctx) => patchServer(s, id, req.rawBody, ctx) },
      DELETE: { auth: true, write: true, handler: (s, _req, id, ctx) => deleteServer(s, id, ctx) },
    },
  },
  {
    pattern: /^\/system\/roles$/,
    specPath: "/system/roles",
    methods: { GET: { auth: true, handler: (s, req) => listRoles(s, req.query) } },
  },
  {
    pattern: /^\/system\/domains$/,
    specPath: "/system/domains",
    methods: {
      GET: { auth: true, handler: (s, req) => listDomains(s, req.query) },
      POST: {
        auth: true,
        write: true,
        handler: (s, req, _id, ctx) => createDomain(s, req.rawBody, req.query.get("createRole"), ctx),
      },
    },
  },
  {
    pattern: /^\/system\/domains\/(\d+)$/,
    specPath: "/system/domains/{domainID}",
    methods: {
      GET: { auth: true, handler: (s, req, id) => getDomain(s, id, req.query) },
      PATCH: { auth: true, write: true, handler: (s, req, id, ctx) => patchDomain(s, id, req.rawBody, ctx) },
      DELETE: { auth: true, write: true, handler: (s, req, id, ctx) => deleteDomain(s, id, req.query, ctx) },
    },
  },
];

// The upstream answers openapi-core's exception class names, one per failing location; they
// name no field (api/core.py: `type(error).__name__`).
function badRequest(issues: SpecIssue[]): SimResponse {
  return { status: 400, body: { message: "Bad Request", errors: issues.map((i) => i.kind) } };
}

function validate(route: Route, req: SimRequest): SpecIssue[] {
  const issues = validateQuery(route.specPath, req.method, req.query, ["limit"]);
  if (req.rawBody && ["POST", "PATCH", "PUT"].includes(req.method)) {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return issues; // not JSON: the endpoint itself answers "Missing data" / "Invalid JSON object"
    }
    issues.push(...validateRequestBody(route.specPath, req.method, body));
  }
  return issues;
}

export function routeApi(state: GrommunioState, req: SimRequest, ctx: SimContext): SimResponse {
  if (!req.path.startsWith(`${API}/`)) return { status: 404, body: { message: "Resource not found" } };
  const sub = req.path.slice(API.length);
  for (const route of ROUTES) {
    const m = route.pattern.exec(sub);
    if (!m) continue;
    const method = route.methods[req.method];
    if (!method) return { status: 405, body: { message: `Method '${req.method}' not allowed on this endpoint` } };
    const id = m[1] ? Number(m[1]) : 0;
    if (!method.auth) return method.handler(state, req, id, ctx);

    const auth = authenticate(state, req);
    if (!auth.ok) return auth.response;
    const issues = validate(route, req);
    if (issues.length) return badRequest(issues);
    if (state.flags.databaseUnavailable) return { status: 503, body: { message: "Database not available." } };
    const role = state.users[auth.username]?.role;
    if (role !== "SystemAdmin" && (method.write || role !== "SystemAdminRO")) {
      return { status: 403, body: { message: "Access denied: Insufficient permissions for this operation" } };
    }
    return method.handler(state, req, id, ctx);
  }
  return { status: 404, body: { message: "Resource not found" } };
}

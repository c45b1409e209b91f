// The grommunio admin API simulator (docs/upstream/grommunio.md §10). Plugs into the shared
// simulator server, which handles faults, the ledger and /__sim/reset; the grommunio-specific
// control routes live here:
//   POST /__sim/clock {advanceSeconds}                  move the token clock (expire JWTs)
//   POST /__sim/grommunio/flags {databaseUnavailable?, chatAvailable?, storeSetupFails?,
//                                roleCreationFails?, latencyMs?, workers?, listFiltersIgnored?,
//                                listOffsetIgnored?, listLimitMax?, listLevelIgnored?,
//                                listHomeserverNull?, listCountOmitted?}
//                                                       (workers: concurrent requests, default 4)
//   POST /__sim/grommunio/users {username, password, role: SystemAdmin|SystemAdminRO|none}
//   GET  /__sim/grommunio/state                         servers, domains and roles as stored
//   POST /__sim/grommunio/dns {resolvable: [names]}     names the servers' DNS check finds
//   GET | DELETE /__sim/grommunio/concurrency           {now, peak} API requests inside at once
//                                                       while latencyMs > 0, {processing,
//                                                       processingPeak} those of them holding a
//                                                       worker, not waiting (DELETE resets peaks)
import { z } from "zod";
import type { SimContext, SimProvider, SimRequest, SimResponse } from "../common/types";
import { GENERIC_500 } from "./domain-view";
import { routeApi } from "./router";
import { warmSpec } from "./spec";
import { emptyState, type GrommunioState, newKeyPair } from "./state";
import { WorkerSlots } from "./worker-slots";

const flagsSchema = z
  .object({
    databaseUnavailable: z.boolean(),
    chatAvailable: z.boolean(),
    storeSetupFails: z.boolean(),
    roleCreationFails: z.boolean(),
    latencyMs: z.number().int().min(0).max(60_000),
    workers: z.number().int().min(0),
    listFiltersIgnored: z.boolean(),
    listOffsetIgnored: z.boolean(),
    listLimitMax: z.number().int().min(0),
    listLevelIgnored: z.boolean(),
    listHomeserverNull: z.boolean(),
    listCountOmitted: z.boolean(),
  })
  .partial();
const userSchema = z.object({
  username: z.string().min(1),
  password: z.string(),
  role: z.enum(["SystemAdmin", "SystemAdminRO", "none"]),
});
const clockSchema = z.object({ advanceSeconds: z.number().int() });
const dnsSchema = z.object({ resolvable: z.array(z.string().min(1)) });

const NO_CACHE = { "Cache-Control": "no-cache, no-store, max-age=1" };

function parse<T>(schema: z.ZodType<T>, raw: string): T | undefined {
  try {
    const r = schema.safeParse(JSON.parse(raw || "{}"));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

function control(state: GrommunioState, req: SimRequest, ctx: SimContext): SimResponse | undefined {
  const route = `${req.method} ${req.path}`;
  const invalid: SimResponse = { status: 400, body: { message: "invalid control request" } };
  if (route === "POST /__sim/clock") {
    const body = parse(clockSchema, req.rawBody);
    if (!body) return invalid;
    state.clockOffsetSeconds += body.advanceSeconds;
    ctx.changed();
    return { status: 200, body: { offsetSeconds: state.clockOffsetSeconds } };
  }
  if (route === "POST /__sim/grommunio/flags") {
    const body = parse(flagsSchema, req.rawBody);
    if (!body) return invalid;
    Object.assign(state.flags, body);
    ctx.changed();
    return { status: 200, body: state.flags };
  }
  if (route === "POST /__sim/grommunio/users") {
    const body = parse(userSchema, req.rawBody);
    if (!body) return invalid;
    state.users[body.username] = { password: body.password, role: body.role };
    ctx.changed();
    return { status: 201, body: { username: body.username, role: body.role } };
  }
  if (route === "POST /__sim/grommunio/dns") {
    const body = parse(dnsSchema, req.rawBody);
    if (!body) return invalid;
    state.resolvable = body.resolvable.map((n) => n.toLowerCase());
    ctx.changed();
    return { status: 200, body: { resolvable: state.resolvable } };
  }
  if (route === "GET /__sim/grommunio/state") {
    return {
      status: 200,
      body: { servers: state.servers, domains: state.domains, roles: state.roles, flags: state.flags },
    };
  }
  if (req.path.startsWith("/__sim/")) return { status: 404, body: { message: "unknown control route" } };
  return undefined;
}

export function createGrommunioSimulator(options: { users: Record<string, string> }): SimProvider {
  const keys = newKeyPair(); // one RSA key per simulator instance, persisted in the snapshot
  warmSpec();
  let state = emptyState(keys, options.users);
  const slots = new WorkerSlots();
  const withHeaders = (answer: SimResponse): SimResponse => ({
    ...answer,
    headers: { ...NO_CACHE, ...answer.headers },
  });
  return {
    name: "grommunio",
    handle(req, ctx) {
      if (req.path === "/__sim/grommunio/concurrency") {
        if (req.method === "DELETE") slots.resetPeak();
        return { status: 200, body: slots.concurrency() };
      }
      const answer = control(state, req, ctx);
      if (answer) return answer;
      const { latencyMs, workers } = state.flags;
      if (!latencyMs) return withHeaders(routeApi(state, req, ctx));
      // State changes after the wait, so a client that gave up meanwhile still gets its object.
      return slots.run(workers, async () => {
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
        return withHeaders(routeApi(state, req, ctx));
      });
    },
    faultBody(status) {
      if (status === 503) return { message: "Database error." };
      if (status === 500) return GENERIC_500.body;
      return undefined;
    },
    snapshot: () => structuredClone(state),
    restore(input) {
      const s = input as Partial<GrommunioState> | undefined;
      if (!s?.privateKeyPem || !Array.isArray(s.domains) || !Array.isArray(s.servers)) return;
      const fresh = emptyState(keys, options.users);
      const saved = structuredClone(s);
      state = {
        ...fresh,
        ...saved,
        users: { ...saved.users, ...fresh.users },
        flags: { ...fresh.flags, ...saved.flags },
      } as GrommunioState;
    },
    reset() {
      // Keep the key pair: tokens issued before a reset stay verifiable, like a DB wipe would.
      state = emptyState({ privateKeyPem: state.privateKeyPem, publicKeyPem: state.publicKeyPem }, options.users);
    },
  };
}

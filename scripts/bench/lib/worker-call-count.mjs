// Preloaded into the benchmark's worker by the mixed runs of pipeline-throughput.ts (`node
// --import`): counts what the worker sends per order, the figures the bare pipeline step must
// match (docs/benchmarks.md "The baselines"):
//   - Postgres round trips: every `query` of a `pg` client (the pool's `query` goes through one;
//     BEGIN, COMMIT and ROLLBACK are round trips of their own), by the statement's first words;
//   - upstream HTTP requests: every `http.request`/`https.request`, by method and path with
//     ids and names blanked.
// Counting starts at SIGUSR2 (sent when the drain starts) and is written as JSON to
// $BENCH_CALL_COUNT_DIR/calls-<pid>.json when the worker exits. `pg` stays external to the
// worker's bundle, so this module's `require("pg")` is the very module the worker uses. Only
// counters are touched per call: a few nanoseconds beside a round trip.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const pg = require("pg");

let pgCalls = new Map();
let httpCalls = new Map();
let connects = new Map();
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/** "INSERT INTO audit_event", "UPDATE attempt", "BEGIN", or the prepared statement's name. */
function statementKey(args) {
  const q = args[0];
  const text = typeof q === "string" ? q : (q?.text ?? "");
  if (typeof q === "object" && q?.name) return `prepared ${q.name}`;
  const words = text.trim().replace(/\s+/g, " ").split(" ");
  const verb = (words[0] ?? "?").toUpperCase();
  if (verb === "INSERT" || verb === "DELETE") return `${verb} ${words.slice(1, 3).join(" ")}`;
  if (verb === "UPDATE") return `${verb} ${words[1] ?? ""}`;
  if (verb === "WITH" || verb === "SELECT") return `${verb} …`;
  return verb;
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  bump(pgCalls, statementKey(args));
  return query.apply(this, args);
};

/** "POST /api/domains", "GET /api/v1/domains/:id": the request's kind, not its data. */
function requestKey(url, options) {
  const u = typeof url === "string" ? new URL(url) : url instanceof URL ? url : undefined;
  const method = (options?.method ?? url?.method ?? "GET").toUpperCase();
  const p = (u?.pathname ?? url?.path ?? "?")
    .split("/")
    .map((seg) => (/\d|\./.test(seg) ? ":id" : seg))
    .join("/");
  return `${method} ${p}`;
}

for (const mod of [http, https]) {
  const request = mod.request;
  mod.request = function countedRequest(url, options, ...rest) {
    bump(httpCalls, requestKey(url, typeof options === "object" ? options : undefined));
    return request.call(this, url, options, ...rest);
  };
}

// New TCP connections by port (Postgres, Redis, the simulators): a keep-alive pool that keeps
// reconnecting shows here.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function countedConnect(...args) {
  const o = args[0];
  const port = Array.isArray(o) ? o[0]?.port : typeof o === "object" ? o?.port : o;
  bump(connects, `port ${port}`);
  return connect.apply(this, args);
};

process.on("SIGUSR2", () => {
  pgCalls = new Map();
  httpCalls = new Map();
  connects = new Map();
});
process.on("exit", () => {
  fs.writeFileSync(
    path.join(process.env.BENCH_CALL_COUNT_DIR ?? "/tmp", `calls-${process.pid}.json`),
    JSON.stringify({
      pg: Object.fromEntries(pgCalls),
      http: Object.fromEntries(httpCalls),
      connects: Object.fromEntries(connects),
    }),
  );
});

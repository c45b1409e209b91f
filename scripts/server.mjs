// The production web server: Next's request handler behind Node's http server, used instead of
// `next start` (npm start, the demo, the e2e tier, the Dockerfile). It exists for one reason:
// a route handler cannot see the TCP peer, and `next start` fills X-Forwarded-For from the peer
// only when a client did not send one, so the sign-in limits could not tell a forged header
// from a real address. This server writes the peer into x-portal-peer-address on every request,
// replacing anything a client sent under that name (docs/security.md "Client address").
//   node scripts/server.mjs [-H host] [-p port]     (defaults 127.0.0.1 and 3000)
import http from "node:http";
import next from "next";

const PEER_HEADER = "x-portal-peer-address";

function option(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const hostname = option("-H", "127.0.0.1");
const port = Number(option("-p", "3000"));
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`web ready on http://${hostname}:${port}`));

// Work a request left running after its answer (a failed sign-in's audit), registered by
// lib/work-after-answer.ts under this name in the same process.
const afterAnswer = () => Promise.allSettled([...(globalThis[Symbol.for("portal.workAfterAnswer")] ?? [])]);

// Stop accepting, let requests in flight finish and the work they left settle, then exit (SIGTERM
// from the demo, compose or tests); at most 5 s.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => afterAnswer().then(() => process.exit(0)));
    setTimeout(() => afterAnswer().then(() => process.exit(0)), 4_000).unref();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}

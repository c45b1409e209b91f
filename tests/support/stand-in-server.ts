// A throwaway node:http stand-in for an upstream, for the unit tests of our HTTP clients: started
// on a free loopback port before the file's tests, closed after them. The file answers as the
// upstream it imitates; request bodies are drained unread.
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll } from "vitest";

/** A text body goes as it is (text/html unless `type` says otherwise), anything else as JSON. */
export type StandInReply = { status?: number; body: unknown; type?: string; headers?: Record<string, string> };

/** Registers the server's start and stop with the calling file; `origin()` is http://127.0.0.1:<port>. */
export function standInServer(answer: (req: http.IncomingMessage, url: URL) => StandInReply): {
  origin: () => string;
} {
  let server: http.Server | undefined;
  let origin = "";
  beforeAll(async () => {
    const started = http.createServer((req, res) => {
      req.resume();
      const reply = answer(req, new URL(req.url ?? "/", "http://x"));
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        "content-type": reply.type ?? (typeof reply.body === "string" ? "text/html" : "application/json"),
        "content-length": String(Buffer.byteLength(text)),
        ...reply.headers,
      });
      res.end(text);
    });
    await new Promise<void>((resolve) => started.listen(0, "127.0.0.1", resolve));
    server = started;
    origin = `http://127.0.0.1:${(started.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  return { origin: () => origin };
}

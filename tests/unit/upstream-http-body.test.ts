// The upstream HTTP layer's reading of an answer body over a real node:http server: the size cap
// (a huge or endless body must end as "sent, connection closed", never take the process down with
// it), and content codings (we ask for none, and decode gzip, deflate and br when one comes anyway,
// under the same cap).
import http from "node:http";
import type net from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_TOO_LARGE, httpCall, MAX_ANSWER_BYTES } from "@/lib/upstream/http";
import { classifyQboxmail } from "@/lib/upstream/qboxmail/classify";

const JSON_BODY = JSON.stringify({ resources: [{ code: "D000000001", name: "bü.example" }] });
const MiB = 1024 * 1024;

let server: http.Server;
let base = "";
/** The request headers each path last received. */
const seen: Record<string, http.IncomingHttpHeaders> = {};
/** Whether the endless answer's connection was closed by the client. */
let endlessClosed = false;

const answer = (res: http.ServerResponse, body: Buffer, headers: Record<string, string> = {}) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length), ...headers });
  res.end(body);
};

const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  "/huge": (_req, res) => answer(res, Buffer.alloc(MAX_ANSWER_BYTES + MiB, 0x61)),
  "/just-under": (_req, res) => answer(res, Buffer.alloc(MAX_ANSWER_BYTES, 0x61)),
  "/endless": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const write = () => {
      if (endlessClosed) return;
      res.write(chunk) ? setImmediate(write) : res.once("drain", write);
    };
    req.socket.on("close", () => {
      endlessClosed = true;
    });
    write();
  },
  "/plain": (_req, res) => answer(res, Buffer.from(JSON_BODY)),
  "/gzip": (_req, res) => answer(res, zlib.gzipSync(JSON_BODY), { "content-encoding": "gzip" }),
  "/x-gzip": (_req, res) => answer(res, zlib.gzipSync(JSON_BODY), { "content-encoding": "x-gzip" }),
  "/deflate": (_req, res) => answer(res, zlib.deflateSync(JSON_BODY), { "content-encoding": "deflate" }),
  "/deflate-raw": (_req, res) => answer(res, zlib.deflateRawSync(JSON_BODY), { "content-encoding": "deflate" }),
  "/br": (_req, res) => answer(res, zlib.brotliCompressSync(JSON_BODY), { "content-encoding": "br" }),
  "/gzip-twice": (_req, res) =>
    answer(res, zlib.gzipSync(zlib.gzipSync(JSON_BODY)), { "content-encoding": "gzip, gzip" }),
  // A few kB on the wire, far more than the cap once decoded.
  "/gzip-bomb": (_req, res) =>
    answer(res, zlib.gzipSync(Buffer.alloc(MAX_ANSWER_BYTES + MiB, 0)), { "content-encoding": "gzip" }),
  "/gzip-broken": (_req, res) => answer(res, Buffer.from("not gzip at all"), { "content-encoding": "gzip" }),
  "/unknown-coding": (_req, res) => answer(res, Buffer.from("\x28\xb5\x2f\xfd"), { "content-encoding": "zstd" }),
  "/gzip-empty": (_req, res) => {
    res.writeHead(204, { "content-encoding": "gzip" });
    res.end();
  },
};

const sockets = new Set<net.Socket>();
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? "";
    seen[path] = req.headers;
    req.resume();
    (routes[path] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, method = "GET", timeoutMs = 10_000) =>
  httpCall({ method, url: `${base}${path}`, timeoutMs, ...(method === "POST" ? { body: "{}" } : {}) });

describe("the answer body's size cap", () => {
  it("ends a body over the cap as a reset after sending, so a write is looked up", async () => {
    const r = await call("/huge", "POST");
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
    expect(!r.ok && r.message).toContain(ANSWER_TOO_LARGE);
    // What the Qboxmail client makes of it for a create: maybe applied.
    expect(classifyQboxmail(r, { kind: "write", keyField: "name", secrets: [] })).toMatchObject({ kind: "unknown" });
  });

  it("stops reading a body that never ends at the cap and drops its connection, not at the timeout", async () => {
    // Were the body read until the timeout, the call would end as a timeout, not as this reset.
    const r = await call("/endless", "GET", 20_000);
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
    expect(!r.ok && r.message).toContain(ANSWER_TOO_LARGE);
    const until = Date.now() + 2_000;
    while (!endlessClosed && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(endlessClosed).toBe(true);
  });

  it("reads a body up to the cap whole", async () => {
    const r = await call("/just-under");
    expect(r.ok && r.text.length).toBe(MAX_ANSWER_BYTES);
  });
});

describe("content codings", () => {
  it("asks for none (Accept-Encoding: identity)", async () => {
    const r = await call("/plain");
    expect(r.ok && r.json).toEqual(JSON.parse(JSON_BODY));
    expect(seen["/plain"]?.["accept-encoding"]).toBe("identity");
  });

  for (const path of ["/gzip", "/x-gzip", "/deflate", "/deflate-raw", "/br", "/gzip-twice"])
    it(`decodes an answer sent with ${path.slice(1)} anyway`, async () => {
      const r = await call(path);
      expect(r).toMatchObject({ ok: true, status: 200, json: JSON.parse(JSON_BODY) });
    });

  it("caps the decoded body too: a small body that inflates past the cap is a reset after sending", async () => {
    const r = await call("/gzip-bomb", "POST");
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
    expect(!r.ok && r.message).toContain(ANSWER_TOO_LARGE);
  });

  it("a body that does not decode is a broken answer: a reset after sending", async () => {
    expect(await call("/gzip-broken", "POST")).toMatchObject({ ok: false, reason: "reset", sent: true });
  });

  it("a coding it cannot undo is a broken answer (its text is unknown, never empty); an empty coded body is empty", async () => {
    // Read as empty, a 404 in such a coding would pass for Qboxmail's bodiless "not found".
    const r = await call("/unknown-coding");
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
    expect(!r.ok && r.message).toContain("UNKNOWN_CONTENT_CODING");
    expect(await call("/gzip-empty", "DELETE")).toMatchObject({ ok: true, status: 204, text: "" });
  });
});

// The upstream HTTP layer over real sockets: what a caller gets back when the server answers,
// answers with a byte order mark, cuts its answer short, stalls, hangs up without answering, or is
// not there. A cut or missing answer must settle as "sent, no answer" (the request may have been
// applied), a refused connection or one never up before the deadline as "not sent"; no call may
// be left waiting.
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portalText } from "@/lib/i18n/portal-texts";
import { attemptScope, httpCall } from "@/lib/upstream/http";

type Behaviour = (socket: net.Socket) => void;
const behaviours: Record<string, Behaviour> = {
  "/ok": (s) =>
    s.write(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: r-1\r\ncontent-length: 11\r\n\r\n{"a":"bü"}',
    ),
  "/bom": (s) => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"b":1}')]);
    s.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    s.write(body);
  },
  "/json-as-text": (s) =>
    s.write(
      'HTTP/1.1 201 Created\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 12\r\n\r\n {"ID": 7}\r\n',
    ),
  "/json-untyped": (s) => s.write("HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\n[1,2,3]"),
  "/html": (s) =>
    s.write("HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: 13\r\n\r\n<html></html>"),
  "/cut": (s) => {
    s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"partial');
    setTimeout(() => s.destroy(), 20);
  },
  "/stall-body": (s) => s.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"),
  "/no-answer": () => {},
  "/route-lost": () => {},
  "/hang-up": (s) => s.destroy(),
};

let server: net.Server;
let base = "";
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      const path = head.split(" ")[1] ?? "";
      head = head.slice(end + 4); // no request bodies in these calls
      (behaviours[path] ?? ((s: net.Socket) => s.destroy()))(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, timeoutMs = 5_000) => httpCall({ method: "GET", url: `${base}${path}`, timeoutMs });

describe("upstream HTTP calls over real sockets", () => {
  it("reads a whole answer: status, UTF-8 text, JSON, headers and the provider's request id", async () => {
    const r = await call("/ok");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ a: "bü" });
    expect(r.headers.get("Content-Type")).toBe("application/json");
    expect(r.call.requestId).toBe("r-1");
  });

  it("drops a leading byte order mark before parsing", async () => {
    const r = await call("/bom");
    expect(r.ok && r.json).toEqual({ b: 1 });
  });

  it("reads JSON sent under another content type or none (it is still the answer), never an HTML page", async () => {
    const text = await call("/json-as-text");
    expect(text.ok && text.json).toEqual({ ID: 7 });
    const untyped = await call("/json-untyped");
    expect(untyped.ok && untyped.json).toEqual([1, 2, 3]);
    const html = await call("/html");
    expect(html).toMatchObject({ ok: true, status: 502, json: undefined });
  });

  it("an answer cut off mid-body is 'sent, connection closed', not an answer", async () => {
    const r = await call("/cut");
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
  });

  it("a body that stops coming ends at the deadline as a timeout (sent)", async () => {
    const r = await call("/stall-body", 300);
    expect(r).toMatchObject({ ok: false, reason: "timeout", sent: true });
  });

  it("a server that never answers ends at the deadline as a timeout (sent)", async () => {
    const r = await call("/no-answer", 300);
    expect(r).toMatchObject({ ok: false, reason: "timeout", sent: true });
  });

  it("an attempt's scope bounds all its requests together: the next one after the deadline is never sent", async () => {
    // Each request's own timeout is far beyond the test's: only the attempt's deadline ends them.
    const scope = attemptScope(300);
    const first = await httpCall({ method: "GET", url: `${base}/no-answer`, timeoutMs: 600_000, scope });
    expect(first).toMatchObject({ ok: false, reason: "timeout", sent: true });
    await new Promise((r) => setTimeout(r, 5));
    const second = await httpCall({ method: "GET", url: `${base}/ok`, timeoutMs: 600_000, scope });
    expect(second).toMatchObject({ ok: false, reason: "timeout", sent: false, message: portalText("deadlinePassed") });
    // Outside an attempt (no scope) the same request is sent and answered.
    expect((await call("/ok")).ok).toBe(true);
  });

  it("a TLS handshake that never ends times out as 'not sent': no byte of the request left", async () => {
    // Takes the connection and says nothing: an https client never gets past its handshake.
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const r = await httpCall({
      method: "POST",
      url: `https://127.0.0.1:${port}/api/domains`,
      body: "{}",
      timeoutMs: 300,
    });
    expect(r).toMatchObject({
      ok: false,
      reason: "timeout",
      sent: false,
      message: portalText("noConnectionWithin", { ms: 300 }),
    });
    // Over a connection that is up, the same silence is "sent": the provider may have applied it.
    expect(await call("/no-answer", 300)).toMatchObject({ reason: "timeout", sent: true });
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("a TLS handshake cut off or failed is 'not sent': no byte of the request left", async () => {
    // One server hangs up at the client's hello; the other answers it with plain HTTP, which no
    // TLS client can read (as a certificate or protocol error, it fails before the request).
    const taken: net.Socket[] = [];
    const servers = [
      net.createServer((socket) => socket.destroy()),
      net.createServer((socket) => {
        taken.push(socket);
        socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
      }),
    ];
    for (const server of servers) {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as net.AddressInfo).port;
      const r = await httpCall({
        method: "POST",
        url: `https://127.0.0.1:${port}/api/domains`,
        body: "{}",
        timeoutMs: 2_000,
      });
      expect(r).toMatchObject({ ok: false, reason: "network", sent: false });
      for (const socket of taken) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a server that hangs up without answering is 'sent, connection closed'", async () => {
    const r = await call("/hang-up");
    expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
  });

  it("a port nobody listens on is 'refused, not sent' (nothing can have been applied)", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await httpCall({ method: "GET", url: `http://127.0.0.1:${port}/x`, timeoutMs: 2_000 });
    expect(r).toMatchObject({ ok: false, reason: "refused", sent: false });
  });

  it("a route lost after the request went out is 'sent', whatever the socket's error says", async () => {
    // Linux reports ICMP unreachables on an established connection as EHOSTUNREACH/ENETUNREACH,
    // the codes a connection that never came up gets. Here the request reached the server (which
    // may have applied it) when its socket fails with that code.
    const lose = ({ request }: { request: ClientRequest }) => {
      if (request.path !== "/route-lost") return;
      request.once("finish", () =>
        setTimeout(
          () => request.socket?.destroy(Object.assign(new Error("read EHOSTUNREACH"), { code: "EHOSTUNREACH" })),
          50,
        ),
      );
    };
    diagnostics.subscribe("http.client.request.start", lose as (message: unknown) => void);
    try {
      const r = await call("/route-lost");
      expect(r).toMatchObject({ ok: false, reason: "reset", sent: true });
    } finally {
      diagnostics.unsubscribe("http.client.request.start", lose as (message: unknown) => void);
    }
  });
});

// The upstream HTTP layer's kept-alive connections against a server that closes idle ones without
// saying when (no `Keep-Alive: timeout` hint) and resets a request that arrives on a connection it
// has already given up on, as a server whose close crossed our write does. A connection idle longer
// than FREE_SOCKET_IDLE_MS is not reused, so such a request goes out on a new connection and is
// answered; reused, it would end "reset after sending", which a create takes for "maybe applied".
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FREE_SOCKET_IDLE_MS, httpCall } from "@/lib/upstream/http";

/** The server's idle limit: longer than ours, as every server's we know. */
const SERVER_IDLE_MS = FREE_SOCKET_IDLE_MS + 500;
let server: net.Server;
let base = "";
let connections = 0;

beforeAll(async () => {
  // A minimal HTTP/1.1 server: one answer per request, the connection kept; a request that comes
  // after the connection sat idle past SERVER_IDLE_MS is answered with a reset instead.
  server = net.createServer((socket) => {
    connections++;
    let last = Date.now();
    socket.on("data", () => {
      if (Date.now() - last > SERVER_IDLE_MS) {
        socket.resetAndDestroy();
        return;
      }
      last = Date.now();
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
      last = Date.now();
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = () =>
  httpCall({
    method: "POST",
    url: `${base}/api/domains`,
    body: "{}",
    timeoutMs: 2_000,
    headers: { "content-type": "application/json" },
  });

it("does not reuse a connection the server may have closed meanwhile", async () => {
  expect(await post()).toMatchObject({ ok: true, status: 200 });
  // Reused while fresh.
  expect(await post()).toMatchObject({ ok: true, status: 200 });
  expect(connections).toBe(1);
  // Idle past the server's limit: a new connection, answered.
  await new Promise((resolve) => setTimeout(resolve, SERVER_IDLE_MS + 300));
  expect(await post()).toMatchObject({ ok: true, status: 200 });
  expect(connections).toBe(2);
});

// What the sender reads of a receiver's answer: only its status decides, and a body that goes on
// and on is cut after a little, not read until the request's deadline. Such a receiver otherwise
// held a connection and its bandwidth for the whole deadline after the delivery had freed its slot.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { sendWebhook } from "@/lib/webhooks/send";

const servers: http.Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A receiver that answers `status` at once, then writes its body for as long as it is read. */
async function streamingReceiver(status: number) {
  let written = 0;
  let resolveClosed: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, "x");
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
      res.on("close", () => resolveClosed());
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, closed, written: () => written };
}

const send = (url: string) =>
  sendWebhook({
    url,
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    msgId: "msg_answer_test",
    body: JSON.stringify({ type: "order.placed" }),
    // Far beyond this test's own time limit: only the sender's cut can end the answer in time.
    timeoutMs: 600_000,
    allowPrivate: true,
  });

describe("a receiver's answer", () => {
  it("is decided by its status, and a body that never ends is cut after a little", async () => {
    for (const status of [200, 500]) {
      const receiver = await streamingReceiver(status);
      const result = await send(receiver.url);
      expect(result.status).toBe(status);
      expect(result.ok).toBe(status === 200);
      await receiver.closed;
      // What the receiver managed to write before the connection closed: the sender's 64 KB and
      // what the two sockets' buffers held, never the body's endless rest.
      expect(receiver.written()).toBeLessThan(64 * 1024 * 1024);
    }
  });
});

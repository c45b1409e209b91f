// Plain http only where private targets are allowed (docs/webhooks.md "Where webhooks may go (SSRF)"):
// registration refuses http:// without WEBHOOK_ALLOW_PRIVATE_TARGETS, and so does the sender, for
// an endpoint stored while the setting was on. The refusal is recorded as a failed attempt in the
// registration's words, which say what to fix; nothing reaches the receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { v } from "@/lib/i18n/validation";
import { claimDueDeliveries, type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { readWebhookError } from "@/lib/webhooks/error-words";
import { sendWebhook } from "@/lib/webhooks/send";
import { makeTenant } from "../factories";
import { type Receiver, startReceiver } from "./webhook-receiver";

let receiver: Receiver;
let endpointId: string;
beforeAll(async () => {
  receiver = await startReceiver();
  // Stored while an administrator allowed private targets (and with them http://).
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
  resetEnvCache();
  try {
    const t = await makeTenant();
    const r = await createWebhookEndpoint(
      { ...t.user, resellerId: t.reseller.id },
      { url: receiver.url, events: ["order.placed"] },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    receiver.setSecret(r.secret);
    endpointId = r.id;
    await db().webhookDelivery.create({
      data: {
        endpointId,
        resellerId: t.reseller.id,
        eventType: "order.placed",
        payload: { type: "order.placed", data: { note: "plain http" } },
        nextAttemptAt: new Date("2001-01-01T00:00:00Z"),
      },
    });
  } finally {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    resetEnvCache();
  }
});
afterAll(async () => {
  if (endpointId) await db().webhookEndpoint.deleteMany({ where: { id: endpointId } });
  await receiver.close();
  await disconnectDb();
});

const settings = (allowPrivate: boolean): DeliverySettings => ({
  timeoutMs: 2_000,
  retryBaseMs: 10,
  retryMaxMs: 20,
  retryForMs: 100,
  disableAfterMs: 3_600_000,
  allowPrivate,
});

/** Claims and sends this file's delivery once; claims of other rows are given back at once. */
async function sendMine(allowPrivate: boolean) {
  const jobs = await claimDueDeliveries(settings(allowPrivate), 1_000);
  const mine = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId } });
  await db().webhookDelivery.updateMany({
    where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => id !== mine.id) } },
    data: { nextAttemptAt: new Date() },
  });
  const job = jobs.find((j) => j.deliveryId === mine.id);
  if (!job) throw new Error("not claimed");
  return deliverOne(job, settings(allowPrivate));
}

/** A receiver on loopback that counts the connections made to it and answers 204. */
async function countingReceiver() {
  let connections = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(204).end();
  });
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const send = (url: string, allowPrivate: boolean) =>
  sendWebhook({
    url,
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    msgId: "msg_plain_http",
    body: "{}",
    timeoutMs: 5_000,
    allowPrivate,
  });

describe("plain http at send time", () => {
  it("sends nothing to an http:// address outside WEBHOOK_ALLOW_PRIVATE_TARGETS, and says to use https", async () => {
    const listener = await countingReceiver();
    try {
      // Refused for its scheme, the first check: a private address would also be refused, but in
      // other words (notPublic), so the words say which check stopped it.
      expect(await send(listener.url, false)).toEqual({ ok: false, status: null, error: v("webhookHttps") });
      // The same address with private targets allowed is reached: the count sees a connection.
      expect(await send(listener.url, true)).toEqual({ ok: true, status: 204, error: null });
      expect(listener.connections()).toBe(1);
    } finally {
      await listener.close();
    }
    // A name under .invalid, which never resolves: refused before any lookup, else the answer
    // would be the lookup's failure, not what to fix.
    expect(await send("http://hooks.example.invalid/hooks", false)).toEqual({
      ok: false,
      status: null,
      error: v("webhookHttps"),
    });
  });

  it("records the refusal as a failed attempt of an endpoint stored with http://, then sends once allowed", async () => {
    const before = receiver.accepted.length + receiver.refused;
    expect(await sendMine(false)).toBe("failed");
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    expect(d).toMatchObject({ status: "pending", attemptCount: 1, lastStatusCode: null });
    // The registration's own words: what to fix, and the page reads them back as such.
    expect(d.lastError).toBe(v("webhookHttps"));
    expect(readWebhookError(d.lastError!)).toEqual({ key: "notHttps" });
    expect(receiver.accepted.length + receiver.refused).toBe(before);

    // With private targets allowed again, the same endpoint is sent to.
    await new Promise((r) => setTimeout(r, 60)); // past the retry's back-off
    expect(await sendMine(true)).toBe("sent");
    expect(receiver.accepted.length).toBe(before + 1);
  });
});

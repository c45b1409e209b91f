// Plain http only where private targets are allowed (docs/webhooks.md "Where webhooks may go (SSRF)"):
// registration refuses http:// without WEBHOOK_ALLOW_PRIVATE_TARGETS, and so does the sender, for
// an endpoint stored while the setting was on. The refusal is recorded as a failed attempt in the
// registration's words, which say what to fix; nothing reaches the receiver.
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

describe("plain http at send time", () => {
  it("sends nothing to an http:// address outside WEBHOOK_ALLOW_PRIVATE_TARGETS, and says to use https", async () => {
    const started = Date.now();
    // A public address: only the scheme is wrong. Refused before any connection is tried.
    const refused = await sendWebhook({
      url: "http://93.184.215.14:9/hooks",
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      msgId: "msg_plain_http",
      body: "{}",
      timeoutMs: 5_000,
      allowPrivate: false,
    });
    expect(refused).toEqual({ ok: false, status: null, error: v("webhookHttps") });
    expect(Date.now() - started).toBeLessThan(1_000);
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

// One webhook request in the Standard Webhooks format (webhook-id, webhook-timestamp,
// webhook-signature: HMAC-SHA256 by the `standardwebhooks` package). Redirects are never
// followed (a 3xx is a failed delivery), and the address is re-checked on the connection itself.
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { isNonPublicAddress } from "./address-ranges";
import { webhookErrorText } from "./error-words";
import { publicOnlyLookup } from "./target";

export type SendResult = { ok: boolean; status: number | null; error: string | null };

/** How much of a receiver's answer is read (and thrown away) before its connection is closed. */
const ANSWER_DRAIN_MAX = 64 * 1024;

// One signature per secret, space-separated, as Standard Webhooks allows: after a rotation the
// current and the previous secret both sign, and a receiver checking either one accepts.
function signedHeaders(secrets: readonly string[], msgId: string, at: Date, body: string): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(" "),
  };
}

export function sendWebhook(req: {
  url: string;
  /** The current secret, then the previous one while it still signs. */
  secret: string | readonly string[];
  msgId: string;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<SendResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return resolve({ ok: false, status: null, error: webhookErrorText.notUrl() });
    }
    // https only, as at registration, unless private targets are allowed (docs/webhooks.md
    // "Where webhooks may go (SSRF)"): an endpoint stored while they were would otherwise go on
    // getting its deliveries, customers' data, unencrypted after the setting is turned off.
    if (url.protocol !== "https:" && !(req.allowPrivate && url.protocol === "http:"))
      return resolve({ ok: false, status: null, error: webhookErrorText.notHttps() });
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && isNonPublicAddress(host) && !req.allowPrivate)
      return resolve({ ok: false, status: null, error: webhookErrorText.notPublic(host) });
    const client = url.protocol === "https:" ? https : http;
    const r = client.request(
      url,
      {
        method: "POST",
        lookup: publicOnlyLookup(req.allowPrivate),
        timeout: req.timeoutMs,
        headers: {
          "content-type": "application/json",
          "user-agent": "mail-reseller-portal-webhooks/1",
          "content-length": Buffer.byteLength(req.body),
          ...signedHeaders(typeof req.secret === "string" ? [req.secret] : req.secret, req.msgId, new Date(), req.body),
        },
      },
      (res) => {
        // The answer's body does not matter. A short one is drained, so that the connection can
        // be used again; past ANSWER_DRAIN_MAX the connection is closed, since a receiver that
        // streams on would otherwise hold it (and its bandwidth) until the deadline, outside the
        // slot the delivery held while it waited for the status.
        let drained = 0;
        res.on("data", (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > ANSWER_DRAIN_MAX) res.destroy();
        });
        res.on("error", () => undefined);
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        resolve({
          ok,
          status,
          error: ok
            ? null
            : status >= 300 && status < 400
              ? webhookErrorText.redirect(status)
              : webhookErrorText.answered(status),
        });
      },
    );
    const deadline = setTimeout(() => r.destroy(new Error(webhookErrorText.timeout(req.timeoutMs))), req.timeoutMs);
    r.on("timeout", () => r.destroy(new Error(webhookErrorText.timeout(req.timeoutMs))));
    r.on("error", (err) => resolve({ ok: false, status: null, error: err.message.slice(0, 300) }));
    r.on("close", () => clearTimeout(deadline));
    r.end(req.body);
  });
}

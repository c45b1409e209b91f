// The webhooks page words a delivery's stored English error in the person's language: every text
// the sender writes reads back into its kind and facts, and each kind has its own German words;
// what the network said stays as received (docs/i18n.md "Webhook errors").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { v } from "@/lib/i18n/validation";
import { readDisabledReason, readWebhookError, webhookErrorText } from "@/lib/webhooks/error-words";
import de from "@/messages/de.json";
import en from "@/messages/en.json";

describe("webhook error words", () => {
  it("reads back every text the sender writes, with its facts", () => {
    expect(readWebhookError(webhookErrorText.notUrl())).toEqual({ key: "notUrl" });
    expect(readWebhookError(webhookErrorText.notPublic("10.0.0.1"))).toEqual({ key: "notPublic", host: "10.0.0.1" });
    expect(readWebhookError(webhookErrorText.redirect(301))).toEqual({ key: "redirect", status: 301 });
    expect(readWebhookError(webhookErrorText.answered(503))).toEqual({ key: "answered", status: 503 });
    expect(readWebhookError(webhookErrorText.timeout(10_000))).toEqual({ key: "timeout", ms: 10_000 });
    expect(readWebhookError(webhookErrorText.endpointDisabled())).toEqual({ key: "endpointDisabled" });
    expect(readWebhookError(webhookErrorText.secretUnusable())).toEqual({ key: "secretUnusable" });
    // The sender's refusal of plain http is the registration's own text (target.ts, v()).
    expect(webhookErrorText.notHttps()).toBe(v("webhookHttps"));
    expect(readWebhookError(webhookErrorText.notHttps())).toEqual({ key: "notHttps" });
    expect(readWebhookError(v("webhookHostUnresolved", { host: "hooks.example" }))).toEqual({
      key: "hostUnresolved",
      host: "hooks.example",
    });
    expect(readWebhookError(v("webhookHostPrivate", { host: "intranet.example" }))).toEqual({
      key: "hostPrivate",
      host: "intranet.example",
    });
  });

  it("keeps the network's own words as received", () => {
    expect(readWebhookError("connect ECONNREFUSED 203.0.113.9:443")).toEqual({
      key: "connection",
      text: "connect ECONNREFUSED 203.0.113.9:443",
    });
  });

  it("reads a disabled endpoint's reason into its hours and last error", () => {
    expect(readDisabledReason(webhookErrorText.disabledAfter(120, webhookErrorText.answered(500)))).toEqual({
      hours: 120,
      lastError: { key: "answered", status: 500 },
    });
    expect(readDisabledReason(webhookErrorText.disabledAfter(2, null))).toEqual({
      hours: 2,
      lastError: { key: "unknown" },
    });
    expect(readDisabledReason("turned off by hand")).toEqual({ text: "turned off by hand" });
  });

  it("has German words for every kind, not the English ones", () => {
    const english = createTranslator({ locale: "en", messages: en, namespace: "webhooks.errors" });
    const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "webhooks.errors" });
    const values = { host: "h.example", status: 500, seconds: 10, hours: 120 };
    for (const key of Object.keys(en.webhooks.errors) as (keyof typeof en.webhooks.errors)[]) {
      expect(german(key, values), key).not.toBe(english(key, values));
    }
  });
});

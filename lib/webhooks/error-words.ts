// What a failed webhook delivery and a disabled endpoint say, stored in English (the API, the
// audit log and support read the same words) and read back into parts the webhooks page words
// in the person's language (docs/i18n.md "Webhook errors"). The sender writes its texts with the
// functions below and the page parses them with readWebhookError(), so both change together.
// Words the receiver or the network stack produced are kept as received and shown quoted.
import en from "@/messages/en.json";

export const webhookErrorText = {
  notUrl: () => "The endpoint's address is not a URL",
  notPublic: (host: string) => `${host} is not a public address`,
  // The registration's own refusal (target.ts), so the page words it as the form does.
  notHttps: () => en.validation.webhookHttps,
  redirect: (status: number) => `Answered ${status} (redirects are not followed; register the final address)`,
  answered: (status: number) => `Answered ${status}`,
  timeout: (ms: number) => `No answer within ${ms} ms`,
  endpointDisabled: () => "Endpoint disabled",
  secretUnusable: () => "The endpoint's signing secret could not be opened; rotate it to send again",
  disabledOnPasswordChange: () => "Turned off when a person of the reseller changed their password",
  disabledAfter: (hours: number, lastError: string | null) =>
    `Disabled after failing for ${hours} h without a successful delivery; last error: ${lastError ?? "unknown"}`,
};

export type WebhookError =
  | { key: "notUrl" | "notHttps" | "endpointDisabled" | "secretUnusable" | "unknown" }
  | { key: "notPublic" | "hostUnresolved" | "hostPrivate"; host: string }
  | { key: "redirect" | "answered"; status: number }
  | { key: "timeout"; ms: number }
  | { key: "connection"; text: string };

export type WebhookDisabledReason =
  | { hours: number; lastError: WebhookError }
  | { passwordChange: true }
  | { text: string };

/** A regex matching an English catalogue text, its {placeholders} as named groups. */
function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\{(\w+)\}/g, "(?<$1>.+?)")}$`);
}
// The address check's refusals (lib/webhooks/target.ts) arrive as the lookup's error message.
const UNRESOLVED = templateRegex(en.validation.webhookHostUnresolved);
const PRIVATE = templateRegex(en.validation.webhookHostPrivate);

/** One stored delivery error, read back into its kind and facts. */
export function readWebhookError(text: string): WebhookError {
  if (text === webhookErrorText.notUrl()) return { key: "notUrl" };
  if (text === webhookErrorText.notHttps()) return { key: "notHttps" };
  if (text === webhookErrorText.endpointDisabled()) return { key: "endpointDisabled" };
  if (text === webhookErrorText.secretUnusable()) return { key: "secretUnusable" };
  if (text === "unknown") return { key: "unknown" };
  let m = /^Answered (\d{3}) \(redirects are not followed; register the final address\)$/.exec(text);
  if (m) return { key: "redirect", status: Number(m[1]) };
  m = /^Answered (\d{3})$/.exec(text);
  if (m) return { key: "answered", status: Number(m[1]) };
  m = /^No answer within (\d+) ms$/.exec(text);
  if (m) return { key: "timeout", ms: Number(m[1]) };
  m = /^(\S+) is not a public address$/.exec(text);
  if (m?.[1]) return { key: "notPublic", host: m[1] };
  const unresolved = UNRESOLVED.exec(text)?.groups?.host;
  if (unresolved) return { key: "hostUnresolved", host: unresolved };
  const hidden = PRIVATE.exec(text)?.groups?.host;
  if (hidden) return { key: "hostPrivate", host: hidden };
  return { key: "connection", text };
}

/** An endpoint's stored "disabled because…" reason, read back. */
export function readDisabledReason(text: string): WebhookDisabledReason {
  if (text === webhookErrorText.disabledOnPasswordChange()) return { passwordChange: true };
  const m = /^Disabled after failing for (\d+) h without a successful delivery; last error: ([\s\S]*)$/.exec(text);
  return m ? { hours: Number(m[1]), lastError: readWebhookError(m[2] ?? "") } : { text };
}

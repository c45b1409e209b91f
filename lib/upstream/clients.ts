// The upstream clients built once per process from the environment (credentials come from the
// environment only). The worker needs all settings; the web reads live state with the same
// clients and shows "not configured" when a provider's settings are missing.
import { env } from "@/lib/env";
import { GrommunioClient } from "./grommunio/client";
import { QboxmailClient } from "./qboxmail/client";

export type UpstreamClients = { grommunio: GrommunioClient | null; qboxmail: QboxmailClient | null };

let cached: UpstreamClients | undefined;
// The settings the clients were built from: when the settings are read again (tests that point
// the portal at other simulators), the clients are built again too.
let builtFrom: ReturnType<typeof env> | undefined;

export function upstreamClients(): UpstreamClients {
  const e = env();
  if (cached && builtFrom === e) return cached;
  builtFrom = e;
  cached = {
    grommunio:
      e.GROMMUNIO_API_URL && e.GROMMUNIO_USER && e.GROMMUNIO_PASSWORD
        ? new GrommunioClient({
            baseUrl: e.GROMMUNIO_API_URL,
            user: e.GROMMUNIO_USER,
            password: e.GROMMUNIO_PASSWORD,
            timeoutMs: e.UPSTREAM_TIMEOUT_MS,
          })
        : null,
    qboxmail:
      e.QBOXMAIL_API_URL && e.QBOXMAIL_API_TOKEN
        ? new QboxmailClient({
            baseUrl: e.QBOXMAIL_API_URL,
            token: e.QBOXMAIL_API_TOKEN,
            timeoutMs: e.UPSTREAM_TIMEOUT_MS,
          })
        : null,
  };
  return cached;
}

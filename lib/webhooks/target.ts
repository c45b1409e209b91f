// Where webhooks may be sent (docs/webhooks.md). A portal that POSTs to any URL a tenant types
// is a request forgery tool against its own network, so loopback, private, link-local and other
// non-public addresses are refused, at registration and again at every connection (a name can
// resolve elsewhere later), unless an administrator allows them with
// WEBHOOK_ALLOW_PRIVATE_TARGETS (receivers on the portal's own private network; tests). Which
// addresses count as non-public: address-ranges.ts.
import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { v, vTyped } from "@/lib/i18n/validation";
import { isNonPublicAddress } from "./address-ranges";

/** A `lookup` for http.request that refuses non-public addresses: checked on the very connection made. */
export function publicOnlyLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isNonPublicAddress(a.address));
      if (bad && !allowPrivate) return callback(new Error(vTyped("webhookHostPrivate", { host: hostname })), "", 4);
      if (options.all) return callback(null, list, 4);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** What is wrong with the URL as written (no name is looked up), or null. */
export function webhookUrlShapeProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return v("webhookUrlInvalid");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return v("webhookHttps");
  if (url.username || url.password) return v("webhookCredentials");
  return null;
}

/** Why this URL cannot receive webhooks, or null when it can. */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  const shape = webhookUrlShapeProblem(raw, allowPrivate);
  if (shape) return shape;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return vTyped("webhookHostUnresolved", { host });
    }
  }
  if (!allowPrivate && addresses.some(isNonPublicAddress)) return vTyped("webhookHostPrivate", { host });
  return null;
}

// PLACEHOLDER until the Qboxmail simulator lands: answers 501 to everything.
import type { SimProvider } from "../shared/types";

export function createQboxmailSimulator(_options: { tokens: Record<string, string> }): SimProvider {
  return {
    name: "qboxmail",
    handle: () => ({ status: 501, body: { message: "Qboxmail simulator not implemented yet" } }),
    snapshot: () => ({}),
    restore: () => {},
    reset: () => {},
  };
}

// PLACEHOLDER until the Grommunio simulator lands: answers 501 to everything.
import type { SimProvider } from "../shared/types";

export function createGrommunioSimulator(_options: { users: Record<string, string> }): SimProvider {
  return {
    name: "grommunio",
    handle: () => ({ status: 501, body: { message: "Grommunio simulator not implemented yet" } }),
    snapshot: () => ({}),
    restore: () => {},
    reset: () => {},
  };
}

// What a provider simulator plugs into the shared HTTP server (simulators/common/server.ts).
import type { IncomingHttpHeaders } from "node:http";
import type { Ledger } from "./ledger";

export type SimRequest = {
  method: string;
  path: string; // without the query string
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
};

export type SimResponse = {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `html` or `text` is given. */
  body?: unknown;
  html?: string;
  text?: string;
};

export type SimContext = {
  ledger: Ledger;
  /** Call after any state change so the state file is rewritten. */
  changed(): void;
};

export interface SimProvider {
  readonly name: "grommunio" | "qboxmail";
  handle(req: SimRequest, ctx: SimContext): SimResponse | Promise<SimResponse>;
  /** The body this upstream sends for an injected status (e.g. grommunio 503 "Database error."). */
  faultBody?(status: number): unknown;
  /** Headers the upstream's application adds to every answer (e.g. Qboxmail's X-Request-Id). */
  faultHeaders?(): Record<string, string>;
  snapshot(): unknown; // JSON-serialisable state
  restore(state: unknown): void;
  reset(): void;
}

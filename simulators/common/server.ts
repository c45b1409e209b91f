// One HTTP server per simulated upstream: control routes under /__sim/, fault injection, then
// the provider's handler. Listens on `host`: loopback unless told otherwise (SIM_HOST).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, FaultRules, faultSchema, gatewayHtml } from "./faults";
import type { Ledger } from "./ledger";
import type { SimProvider, SimRequest, SimResponse } from "./types";

export type SimServer = { url: string; port: number; faults: FaultRules; close(): Promise<void> };

type Options = { provider: SimProvider; ledger: Ledger; port: number; host?: string; onChange(): void };

export async function startSimServer({
  provider,
  ledger,
  port,
  host = "127.0.0.1",
  onChange,
}: Options): Promise<SimServer> {
  const faults = new FaultRules();
  const held = new HeldAnswers();
  const ctx = { ledger, changed: onChange };

  const server = http.createServer(async (req, res) => {
    try {
      const simReq = await readRequest(req);
      const control = handleControl(simReq, faults, held, provider, ledger, onChange);
      if (control) return send(res, control);

      const fault = faults.take(simReq.method, simReq.path);
      if (fault?.action === "drop-before") return res.socket?.destroy();
      if (fault?.action === "status") return send(res, faultResponse(fault, provider));
      if (fault?.action === "delay") await new Promise((r) => setTimeout(r, fault.ms ?? 1000));

      const answer = await provider.handle(simReq, ctx);
      if (fault?.action === "drop-after-commit") return res.socket?.destroy();
      if (fault?.action === "status-after-commit") return send(res, faultResponse(fault, provider));
      if (fault?.action === "hold-answer") await held.until(simReq, fault.ms ?? 60_000);
      // A client that timed out during a delay has gone; the commit above stands regardless.
      if (res.destroyed || res.socket?.destroyed) return;
      send(res, answer);
    } catch (err) {
      console.error(`[sim:${provider.name}]`, err);
      if (!res.headersSent) send(res, { status: 500, body: { message: "simulator error" } });
    }
  });
  // Keep idle sockets long enough for clients to reuse them: undici (fetch) subtracts a 1 s
  // margin from the server's Keep-Alive hint, so a 1 s timeout would mean a new TCP connection
  // per call. close() ends open sockets itself (closeAllConnections).
  server.keepAliveTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readRequest(req: http.IncomingMessage): Promise<SimRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", reject);
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://sim.local");
      resolve({
        method: (req.method ?? "GET").toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString("utf8"),
      });
    });
  });
}

/** Answers kept back by "hold-answer" faults, until released (or their time is up). */
class HeldAnswers {
  private waiting = new Set<{ method: string; path: string; release: () => void }>();

  until(req: SimRequest, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { method: req.method, path: req.path, release: () => {} };
      const timer = setTimeout(() => entry.release(), ms);
      entry.release = () => {
        clearTimeout(timer);
        this.waiting.delete(entry);
        resolve();
      };
      this.waiting.add(entry);
    });
  }

  list(): { method: string; path: string }[] {
    return [...this.waiting].map(({ method, path }) => ({ method, path }));
  }

  releaseAll(): void {
    for (const entry of [...this.waiting]) entry.release();
  }
}

function handleControl(
  req: SimRequest,
  faults: FaultRules,
  held: HeldAnswers,
  provider: SimProvider,
  ledger: Ledger,
  onChange: () => void,
): SimResponse | undefined {
  if (!req.path.startsWith("/__sim/")) return undefined;
  const route = `${req.method} ${req.path}`;
  if (route === "GET /__sim/faults") return { status: 200, body: { faults: faults.list(), held: held.list() } };
  if (route === "DELETE /__sim/faults") {
    faults.clear();
    held.releaseAll();
    return { status: 204 };
  }
  if (route === "POST /__sim/faults/release") {
    held.releaseAll();
    return { status: 204 };
  }
  if (route === "POST /__sim/faults") {
    let json: unknown;
    try {
      json = JSON.parse(req.rawBody);
    } catch {
      return { status: 400, body: { message: "body must be JSON" } };
    }
    const list = Array.isArray(json) ? json : [json];
    const parsed = list.map((f) => faultSchema.safeParse(f));
    const bad = parsed.find((p) => !p.success);
    if (bad && !bad.success) return { status: 400, body: { message: "invalid fault", issues: bad.error.issues } };
    for (const p of parsed) if (p.success) faults.add(p.data);
    return { status: 201, body: { faults: faults.list() } };
  }
  if (route === "GET /__sim/ledger") return { status: 200, body: ledger.view() };
  if (route === "POST /__sim/reset") {
    faults.clear();
    held.releaseAll();
    ledger.reset();
    provider.reset();
    onChange();
    return { status: 204 };
  }
  return undefined; // provider-specific control routes (e.g. a clock) fall through to the handler
}

function faultResponse(fault: Fault, provider: SimProvider): SimResponse {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
  // A gateway page comes from the proxy in front of the application, so it has no app headers.
  if (fault.html) return { status, headers, html: gatewayHtml(status) };
  Object.assign(headers, provider.faultHeaders?.());
  const body = fault.body ?? provider.faultBody?.(status) ?? { message: http.STATUS_CODES[status] ?? "Error" };
  return { status, headers, body };
}

function send(res: http.ServerResponse, r: SimResponse): void {
  const headers = { ...(r.headers ?? {}) };
  let payload = "";
  if (r.html !== undefined) {
    headers["Content-Type"] = "text/html";
    payload = r.html;
  } else if (r.text !== undefined) {
    headers["Content-Type"] ??= "text/plain";
    payload = r.text;
  } else if (r.body !== undefined) {
    headers["Content-Type"] ??= "application/json";
    payload = JSON.stringify(r.body);
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}

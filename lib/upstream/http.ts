// One HTTP exchange with an upstream: a hard timeout (AbortController over connect, headers and
// body), the measured duration, the upstream's request id, and — when no answer arrived — whether
// the request may have reached the server. Provider clients classify on top of this; this file
// never decides what an outcome means for an order.
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import type { Context } from "@opentelemetry/api";
import { portalText } from "@/lib/i18n/portal-texts";
import { tracedHttp } from "@/lib/tracing/http-span";
import type { CallInfo } from "./result";

/**
 * What an attempt hands to each of its upstream requests, by hand rather than through an
 * AsyncLocalStorage (the worker registers none: docs/benchmarks/worker.md "Async context passed by hand").
 * `deadline` (epoch ms) is one overall deadline per attempt (docs/reliability.md "Deadlines"): a
 * grommunio attempt may be login, call, re-login and resend; each request gets at most what is
 * left of the attempt's time, so an attempt never outlives the deadline the relay and the lookup
 * delay are sized by. `trace` is the span the request's span is a child of.
 */
export type CallScope = { deadline?: number; trace?: Context };

/** The scope of an attempt starting now: every request inside it bounded by `ms` from now, all together. */
export function attemptScope(ms: number, trace?: Context): CallScope {
  return { deadline: Date.now() + ms, trace };
}

export type HttpRequest = {
  method: string;
  /** Absolute URL. Only `path` (below) is ever recorded, so credentials in it would not leak — but do not put any there. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The attempt's deadline and span; none outside an attempt (the request's own timeout only). */
  scope?: CallScope;
};

/** An answer arrived (any status). `json` is the parsed body when it was JSON, else undefined. */
export type HttpAnswer = {
  ok: true;
  status: number;
  headers: AnswerHeaders;
  text: string;
  json: unknown;
  call: CallInfo;
};

/**
 * No answer. `sent: false` means the connection was never established, so the server cannot have
 * acted on the request (connection refused, DNS failure). Everything else — timeout, reset, the
 * peer closing without an answer — may have been applied.
 */
export type HttpNoAnswer = {
  ok: false;
  reason: "timeout" | "refused" | "reset" | "network";
  sent: boolean;
  /** Safe to store: an error code, never a header or body. */
  message: string;
  call: CallInfo;
};

export type HttpOutcome = HttpAnswer | HttpNoAnswer;

/** What callers read of an answer's headers: one value by name, case-insensitive (as `Headers.get`). */
export type AnswerHeaders = Pick<Headers, "get">;

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-requestid", "x-correlation-id"];

export function httpCall(req: HttpRequest): Promise<HttpOutcome> {
  const url = new URL(req.url);
  return tracedHttp(req.method, url, req.scope?.trace, () => send(req, url));
}

async function send(req: HttpRequest, url: URL): Promise<HttpOutcome> {
  const base: Omit<CallInfo, "durationMs"> = { method: req.method.toUpperCase(), path: url.pathname + url.search };
  const deadline = req.scope?.deadline;
  const timeoutMs = deadline === undefined ? req.timeoutMs : Math.min(req.timeoutMs, deadline - Date.now());
  if (timeoutMs <= 0)
    // Never sent: nothing can have been applied, so the outcome is "not sent" (transient).
    return {
      ok: false,
      reason: "timeout",
      sent: false,
      message: portalText("deadlinePassed"),
      call: { ...base, durationMs: 0 },
    };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const link = { ready: false };
  try {
    const res = await exchange(url, req, controller.signal, link);
    const requestId = REQUEST_ID_HEADERS.map((h) => res.headers.get(h)).find((v): v is string => !!v);
    const call: CallInfo = { ...base, status: res.status, durationMs: elapsed(), ...(requestId ? { requestId } : {}) };
    return {
      ok: true,
      status: res.status,
      headers: res.headers,
      text: res.text,
      json: parseJson(res.text, res.headers),
      call,
    };
  } catch (err) {
    const call: CallInfo = { ...base, durationMs: elapsed() };
    // Out of time before the connection (and its TLS handshake) was up: no byte of the request
    // reached the provider, so nothing can have been applied, as with a refused connection.
    if (controller.signal.aborted && !link.ready)
      return {
        ok: false,
        reason: "timeout",
        sent: false,
        message: portalText("noConnectionWithin", { ms: timeoutMs }),
        call,
      };
    if (controller.signal.aborted)
      return {
        ok: false,
        reason: "timeout",
        sent: true,
        message: portalText("noAnswerWithin", { ms: timeoutMs }),
        call,
      };
    const code = errorCode(err);
    // Failed before the connection was up: refused, unreachable, or its TLS handshake cut off or
    // refused (a certificate the provider let expire, a reset mid-handshake). No byte of the
    // request left, so nothing can have been applied: "not sent", as a refused connection. Only
    // whether the connection was up decides it, never the error's code: an established connection
    // whose route is lost fails with the same EHOSTUNREACH or ENETUNREACH as one never made, after
    // the request may have been applied.
    if (!link.ready) {
      return {
        ok: false,
        reason: code === "ECONNREFUSED" ? "refused" : "network",
        sent: false,
        message: portalText("connectionFailed", { code: code ?? "no connection" }),
        call,
      };
    }
    return {
      ok: false,
      reason: "reset",
      sent: true,
      message: code ? portalText("connectionClosedCode", { code }) : portalText("connectionClosed"),
      call,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), if present and sane. */
export function retryAfterMs(headers: AnswerHeaders, now = Date.now()): number | undefined {
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// JSON labelled otherwise (text/plain, or no Content-Type) is still the answer: neither contract
// promises the header (docs/upstream/qboxmail.md §1), and a lost created ID means a needless
// lookup. A gateway's HTML page never starts like JSON, so it stays unparsed.
const LOOKS_LIKE_JSON = /^\s*[[{]/;

/** Whether an answer is meant as JSON: its type says so, or its text starts as an object or array. */
export function meantAsJson(text: string, headers: AnswerHeaders): boolean {
  return (headers.get("content-type") ?? "").includes("json") || LOOKS_LIKE_JSON.test(text);
}

function parseJson(text: string, headers: AnswerHeaders): unknown {
  if (!text || !meantAsJson(text, headers)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Node's socket errors carry `code`; errors that wrap others (undici's "fetch failed", an
// AggregateError of several addresses) carry it on `cause` or in `errors`.
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// node:http with keep-alive agents rather than `fetch`: `fetch` builds WHATWG request, response
// and stream objects for every call, which was the largest single share of the worker's CPU per
// order in the profile (docs/benchmarks/worker.md "Upstream calls on node:http"). What it did that
// matters here is kept: connections are reused, redirects are not followed (an answer is an
// answer), a compressed body is decoded, the body is read whole as UTF-8, and the abort signal
// ends connect, headers and body.
//
// A kept connection idle for FREE_SOCKET_IDLE_MS is closed by us, not reused: servers close idle
// connections after a few seconds (Node and uvicorn after 5 s, gunicorn after 2 s), and a request
// written just as the server closes meets a reset. To a create, a reset after sending is "maybe
// applied", looked up a minute later; to a read, a transient failure. Node also honours a
// server's `Keep-Alive: timeout=N` hint (it closes a second earlier); servers that send none are
// the ones this covers. A busy worker's connections never sit idle that long.
export const FREE_SOCKET_IDLE_MS = 1_500;
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, timeout: FREE_SOCKET_IDLE_MS }),
  "https:": new https.Agent({ keepAlive: true, timeout: FREE_SOCKET_IDLE_MS }),
};

/**
 * The largest answer body read, before and after decoding (docs/reliability.md "Answer size").
 * Neither provider documents an answer near it: a list page of 200 resources is tens of kB. A
 * body without a limit is held in memory whole, and one large and fast enough (a misrouted
 * download, a looping proxy) ends the worker process, every attempt in flight with it.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * The code of an answer cut off at MAX_ANSWER_BYTES. The request was sent and the server
 * answered, so a write may have been applied: the outcome is a reset after sending, which the
 * clients treat as "maybe applied" and look up, never as "not sent".
 */
export const ANSWER_TOO_LARGE = "ANSWER_TOO_LARGE";

/** The code of an answer in a content coding the layer cannot undo (a reset after sending). */
const UNKNOWN_CODING = "UNKNOWN_CONTENT_CODING";

type Exchanged = { status: number; headers: AnswerHeaders; text: string };

/**
 * One request and its whole answer. `link.ready` turns true once the connection can carry the
 * request (connected, and for https past the TLS handshake; at once on a reused connection):
 * before that, nothing was sent.
 */
function exchange(url: URL, req: HttpRequest, signal: AbortSignal, link: { ready: boolean }): Promise<Exchanged> {
  const secure = url.protocol === "https:";
  if (!secure && url.protocol !== "http:") return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  // Without Accept-Encoding any coding is acceptable (RFC 9110 §12.5.3), so ask for none; a
  // gzip, deflate or br body that comes anyway is decoded below, under the same size cap. The
  // clients never set the header themselves.
  const headers: Record<string, string> = { "accept-encoding": "identity", ...req.headers };
  if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const options = { method: req.method, headers, signal, agent: AGENTS[secure ? "https:" : "http:"] };
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          // Settle first, then drop the connection: the rest of the body is never read.
          reject(tooLarge());
          sent.destroy();
          return;
        }
        chunks.push(chunk);
      });
      // A connection closed mid-body is an 'error' (code ECONNRESET) on the answer.
      res.on("error", reject);
      res.on("end", () => {
        const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        const done = (body: Buffer) => {
          const text = body.toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: answerHeaders(res.headers),
            // As `Response.text()`: a leading byte order mark is not part of the text.
            text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
          });
        };
        // The usual answer, uncoded, is read at once; only a coded one waits for zlib.
        const encoding = res.headers["content-encoding"];
        if (!encoding || raw.length === 0) done(raw);
        else decode(raw, encoding).then(done, reject);
      });
    };
    const sent = secure ? https.request(url, options, onAnswer) : http.request(url, options, onAnswer);
    const ready = () => {
      link.ready = true;
    };
    // A kept-alive socket is up already; a new one says so once connected (TLS: once secure).
    // Over plain HTTP the request handed whole to a connected socket says so too, whatever was
    // missed before. Not over TLS: the TLS socket takes the request's bytes as soon as its TCP
    // connection is up, before the handshake, and a handshake that then fails (a certificate, a
    // reset, a server that does not speak TLS) sent nothing.
    sent.on("socket", (socket) => {
      if (sent.reusedSocket) ready();
      else socket.once(secure ? "secureConnect" : "connect", ready);
    });
    if (!secure)
      sent.once("finish", () => {
        if (sent.socket && !sent.socket.connecting) ready();
      });
    sent.on("error", reject);
    sent.end(req.body);
  });
}

function tooLarge(): Error {
  return Object.assign(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`), { code: ANSWER_TOO_LARGE });
}

// Lenient as browsers and undici are: a body cut at the end of a complete block still decodes.
const DECODE_OPTIONS = { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_ANSWER_BYTES };
const gunzip = (b: Buffer) => promised(zlib.gunzip, b);
// "deflate" is the zlib format (RFC 9110 §8.4.1.2); some servers send raw deflate under that name.
const inflate = (b: Buffer) =>
  promised(zlib.inflate, b).catch((err: unknown) =>
    errorCode(err) === "Z_DATA_ERROR" ? promised(zlib.inflateRaw, b) : Promise.reject(err),
  );

function promised(
  fn: (b: Buffer, o: zlib.ZlibOptions, cb: (err: Error | null, out: Buffer) => void) => void,
  b: Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    fn(b, DECODE_OPTIONS, (err, out) => {
      // Node's own limit on the decoded size (maxOutputLength) is the same cap as the raw body's.
      if (err) reject(errorCode(err) === "ERR_BUFFER_TOO_LARGE" ? tooLarge() : err);
      else resolve(out);
    }),
  );
}

/**
 * The body with its content codings undone, last applied first. A body that does not decode, or
 * comes in a coding we cannot undo (we asked for none), is a broken answer, read as a reset after
 * sending: its text is unknown, and an empty text would read as an answer with no body.
 */
async function decode(body: Buffer, encoding: string): Promise<Buffer> {
  const codings = encoding
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== "identity");
  let out = body;
  for (const coding of codings.reverse()) {
    if (coding === "gzip" || coding === "x-gzip") out = await gunzip(out);
    else if (coding === "deflate") out = await inflate(out);
    else if (coding === "br") out = await promised(zlib.brotliDecompress, out);
    else throw Object.assign(new Error(`answer in an unknown content coding (${coding})`), { code: UNKNOWN_CODING });
  }
  return out;
}

function answerHeaders(h: http.IncomingHttpHeaders): AnswerHeaders {
  return {
    get(name: string) {
      const v = h[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

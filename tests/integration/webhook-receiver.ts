// A webhook receiver for tests: a real HTTP server on loopback that verifies every request's
// Standard Webhooks signature, can fail or redirect on purpose, and records what it accepted.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; type: string; data: Record<string, unknown> };

export type Receiver = {
  url: string;
  /** Every accepted (2xx) request, duplicates included. */
  accepted: Received[];
  /** Requests answered with an error on purpose, and requests whose signature did not verify. */
  refused: number;
  badSignatures: number;
  /** Adds an endpoint's secret to those a request may be signed with. */
  setSecret: (secret: string) => void;
  /** Answer the next `n` requests with `status` (500 by default; 302 redirects elsewhere). */
  failNext: (n: number, status?: number) => void;
  /** Answer every request with this webhook-id with `status`, at once, and count them (undefined: refuse none). */
  refuseId: (id: string | undefined, status?: number) => void;
  /** Requests refused by `refuseId`, by webhook-id. */
  refusedIds: Map<string, number>;
  /** Answer every request `ms` late (0: at once again), as a slow receiver does. */
  answerAfter: (ms: number) => void;
  /**
   * Resolves once a request with this webhook-id has come in (at once if one already has). A
   * delivery's request arriving means its send has started: deliverOne renewed its claim first.
   */
  arrived: (id: string) => Promise<void>;
  /**
   * Keep every request unanswered from now on until `release()` (a refused webhook-id is still
   * answered at once): the test decides when an answer comes, instead of a timer racing it.
   */
  hold: () => void;
  /** Answer the requests held so far (each as it would have been), and stop holding. */
  release: () => void;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  // Every endpoint registered in a test file has its own secret: a request must verify with one.
  const verifiers: Webhook[] = [];
  let failing = 0;
  let failStatus = 500;
  let lateMs = 0;
  let refused: { id: string; status: number } | undefined;
  const arrivedIds = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  // While holding: the answers waiting for release().
  let held: (() => void)[] | undefined;
  const r: Omit<Receiver, "url" | "close"> = {
    accepted: [],
    refused: 0,
    badSignatures: 0,
    setSecret: (s) => {
      verifiers.push(new Webhook(s));
    },
    failNext: (n, status = 500) => {
      failing = n;
      failStatus = status;
    },
    refuseId: (id, status = 400) => {
      refused = id === undefined ? undefined : { id, status };
    },
    refusedIds: new Map(),
    answerAfter: (ms) => {
      lateMs = ms;
    },
    arrived: (id) =>
      new Promise<void>((resolve) => {
        if (arrivedIds.has(id)) resolve();
        else waiting.set(id, [...(waiting.get(id) ?? []), resolve]);
      }),
    hold: () => {
      held ??= [];
    },
    release: () => {
      const answers = held ?? [];
      held = undefined;
      for (const a of answers) a();
    },
  };
  const server = http.createServer((req, res) => {
    const arrivedId = String(req.headers["webhook-id"]);
    arrivedIds.add(arrivedId);
    for (const resolve of waiting.get(arrivedId) ?? []) resolve();
    waiting.delete(arrivedId);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    // A refused webhook-id is answered at once, however late (or held) the others are.
    req.on("end", () => {
      if (refused && arrivedId === refused.id) answer();
      else if (held) held.push(() => setTimeout(answer, lateMs));
      else setTimeout(answer, lateMs);
    });
    const answer = () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["webhook-id"]);
      if (refused && id === refused.id) {
        r.refusedIds.set(id, (r.refusedIds.get(id) ?? 0) + 1);
        res.writeHead(refused.status).end();
        return;
      }
      if (failing > 0) {
        failing--;
        r.refused++;
        res.writeHead(failStatus, failStatus === 302 ? { location: "http://127.0.0.1:9/elsewhere" } : {}).end();
        return;
      }
      try {
        const headers = req.headers as Record<string, string>;
        const ok = verifiers.find((v) => {
          try {
            v.verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        if (!ok) throw new Error("no secret verifies");
        const payload = ok.verify(body, headers) as Received;
        r.accepted.push({ id: String(req.headers["webhook-id"]), type: payload.type, data: payload.data });
        res.writeHead(204).end();
      } catch {
        r.badSignatures++;
        res.writeHead(400).end();
      }
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...r,
    get accepted() {
      return r.accepted;
    },
    get refused() {
      return r.refused;
    },
    get badSignatures() {
      return r.badSignatures;
    },
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => {
      // A request still held would keep its connection, and the close, waiting for good.
      r.release();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  } as Receiver;
}

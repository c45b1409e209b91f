// Upstream answers (and their absence) as lib/upstream/http.ts reports them, for the classifier
// unit tests: what the client would have received, without a server.
import type { HttpNoAnswer, HttpOutcome } from "@/lib/upstream/http";
import type { CallInfo } from "@/lib/upstream/result";

/**
 * The outcomes of one request (`call`): `answer(status, body, headers)` is a JSON answer, an HTML
 * page when `body` is a string (a gateway's error page), or an empty one when `body` is absent;
 * `noAnswer(reason, sent)` is a request that got nothing back.
 */
export function outcomesOf(call: Omit<CallInfo, "status">) {
  return {
    answer(status: number, body?: unknown, headers: Record<string, string> = {}): HttpOutcome {
      const isHtml = typeof body === "string";
      const h = new Headers();
      if (body !== undefined) h.set("content-type", isHtml ? "text/html" : "application/json");
      for (const [name, value] of Object.entries(headers)) h.set(name, value);
      const text = isHtml ? body : body === undefined ? "" : JSON.stringify(body);
      return { ok: true, status, headers: h, text, json: isHtml ? undefined : body, call: { ...call, status } };
    },
    noAnswer: (reason: HttpNoAnswer["reason"], sent: boolean): HttpOutcome => ({
      ok: false,
      reason,
      sent,
      message: reason,
      call,
    }),
  };
}

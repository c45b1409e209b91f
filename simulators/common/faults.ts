// Fault injection for the next N matching requests (POST /__sim/faults). Tests use it to make a
// simulator fail before committing, commit and then fail or hang up, or answer slowly or late.
import { z } from "zod";

export const faultSchema = z.object({
  method: z.string().toUpperCase().optional(),
  /** Matches when the request path contains this text. */
  path: z.string().optional(),
  count: z.number().int().min(1).default(1),
  action: z.enum([
    "status", //              answer `status` without running the handler (nothing committed)
    "status-after-commit", // run the handler (commits), then answer `status` instead
    "delay", //               wait `ms`, then handle normally (commits even if the client gave up)
    "drop-after-commit", //   run the handler, then close the connection without an answer
    "drop-before", //         close the connection without running the handler
    // Run the handler (a read sees the state of that moment, a write commits), then keep the answer
    // until POST /__sim/faults/release (or `ms`, 60 s unless given, has passed): a slow answer whose
    // content is older than what changed meanwhile. GET /__sim/faults lists it under `held`.
    "hold-answer",
  ]),
  status: z.number().int().min(100).max(599).optional(),
  /** Seconds, sent as Retry-After (for 429 and 503). */
  retryAfter: z.number().int().min(0).optional(),
  /** Answer with an nginx-style HTML page instead of JSON (gateway 502/504). */
  html: z.boolean().optional(),
  body: z.unknown().optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
});

export type Fault = z.infer<typeof faultSchema>;

export class FaultRules {
  private rules: Fault[] = [];

  add(fault: Fault): void {
    this.rules.push({ ...fault });
  }

  clear(): void {
    this.rules = [];
  }

  list(): Fault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Takes one use of the first rule matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const i = this.rules.findIndex((r) => (!r.method || r.method === method) && (!r.path || path.includes(r.path)));
    if (i < 0) return undefined;
    const rule = this.rules[i]!;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(i, 1);
    return { ...rule };
  }
}

export function gatewayHtml(status: number): string {
  const title = status === 504 ? "504 Gateway Time-out" : status === 502 ? "502 Bad Gateway" : `${status} Error`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

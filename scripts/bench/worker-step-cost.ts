// Diagnostic behind the worker's CPU per order (docs/benchmarks/worker.md "Worker CPU per order,
// four kinds mixed", its part "Our pieces, priced alone"): the CPU of the in-process pieces the
// worker runs for every order, each alone, warm, in a loop: building and naming the two per-order
// statements, checking the stored payload of each of the four kinds, opening the sealed secrets,
// one log line, the spans and the metrics. No database, no Redis, no network: what each piece
// costs on its own, to weigh against the worker's measured CPU per order. Prints figures; asserts
// nothing.
//   Run: npx tsx scripts/bench/worker-step-cost.ts [calls=20000]
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { type BenchRow, report } from "./lib/bench-kit";

const CALLS = Number(process.argv[2] ?? 20_000);
// lib/env.ts needs a complete environment; none of these is contacted.
Object.assign(process.env, {
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://bench@127.0.0.1:1/none",
  SECRETS_KEY: process.env.SECRETS_KEY ?? Buffer.alloc(32, 7).toString("base64"),
  LOG_LEVEL: "info",
});
const { parseOrderForm, prepareStoredPayload } = await import("@/lib/orders/schemas");
const { transition, preparedStep } = await import("@/lib/orders/state-machine");
const { finishAttemptSql, finishAttemptPart } = await import("@/workers/processors/attempt-steps");
const { statementName } = await import("@/lib/prepared-sql");
const { seal, open } = await import("@/lib/crypto/seal");
const { log, setLogContext } = await import("@/lib/log");
const { withSpan, withRemoteParent, activeTraceparent } = await import("@/lib/tracing/spans");
const { initTracing } = await import("@/lib/tracing/setup");
const { recordTransition, recordUpstreamCall } = await import("@/lib/metrics/record");
initTracing("bench");

function measure(name: string, op: (i: number) => unknown): BenchRow {
  for (let i = 0; i < 2_000; i++) op(i); // warm-up: compiled before it is timed
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) op(i);
  const used = process.cpuUsage(cpu);
  return { metric: name, measured: (used.user + used.system) / CALLS, unit: "µs per call" };
}

async function measureAsync(name: string, op: () => Promise<unknown>): Promise<BenchRow> {
  for (let i = 0; i < 2_000; i++) await op();
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await op();
  const used = process.cpuUsage(cpu);
  return { metric: name, measured: (used.user + used.system) / CALLS, unit: "µs per call" };
}

const PW = "Bench-Pw-4821";
const forms = {
  qboxmail_domain: {
    name: "shop.example.com",
    postmaster_password: PW,
    postmaster_password_confirmation: PW,
    plan: "professional",
    company: "ACME",
  },
  qboxmail_manager: {
    email_address: "m@example.com",
    firstname: "Anna",
    lastname: "Rossi",
    password: PW,
    password_confirmation: PW,
    company: "ACME",
    domain_codes: ["D000000001"],
  },
  grommunio_domain: { domainname: "g.example.com", maxUser: 10, title: "Org", homeserver: 1 },
  grommunio_server: { hostname: "mx.example.com", extname: "ext-mx.example.com" },
} as const;

// The worker's usual outcome: a claimed create that succeeded (writeStep, write-outcome.ts).
const outcome = {
  orderId: randomUUID(),
  from: "provisioning",
  to: "succeeded",
  expectedVersion: 3,
  actor: { type: "worker", id: "w-1", label: "worker w-1" },
  reason: null,
  patch: { upstreamRef: "D000000001", lastError: null, fieldErrors: null },
  details: { attempt: 1 },
} as const;
const facts = {
  outcome: "succeeded",
  call: { method: "POST", path: "/api/domains", status: 201, durationMs: 12, requestId: "rq-1" },
  response: { code: "D000000001" },
  request: { name: "shop.example.com", plan: "professional" },
} as const;
const attemptId = randomUUID();

/** The statement built per call with Prisma's tag, as transition() builds it for the web. */
async function outcomeBuiltPerCall(): Promise<unknown> {
  let text: unknown;
  const tx = {
    $queryRaw: async (statement: Parameters<typeof statementName>[0]) => {
      text = statementName(statement);
      return [{ n: 1 }];
    },
  };
  await transition(tx as never, outcome, [finishAttemptSql(attemptId, facts)]);
  return text;
}

async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(
    await measureAsync("outcome statement built per call: Prisma.sql + text + name (transition)", outcomeBuiltPerCall),
  );
  rows.push(
    measure("outcome statement built once per shape: values filled in (preparedStep)", () =>
      preparedStep(outcome, finishAttemptPart(attemptId, facts)),
    ),
  );
  for (const kind of Object.keys(forms) as (keyof typeof forms)[]) {
    const parsed = parseOrderForm(kind, forms[kind]);
    if (!parsed.ok) throw new Error(`${kind} form refused: ${JSON.stringify(parsed)}`);
    const stored = JSON.parse(JSON.stringify(parsed.payload));
    rows.push(
      measure(`stored payload check + request body: ${kind}`, () => {
        const p = prepareStoredPayload(kind, stored, () => 1);
        return p.ready ? p.request(parsed.secrets) : undefined;
      }),
    );
  }
  const id = randomUUID();
  const sealed = seal({ postmaster_password: PW }, id);
  rows.push(measure("open the sealed secrets", () => open(sealed, id)));
  // One log line, written where the worker's go (a pipe in production; /dev/null here).
  const devNull = fs.openSync("/dev/null", "w");
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    fs.writeSync(devNull, chunk);
    return true;
  }) as typeof process.stdout.write;
  setLogContext({ workerId: "bench-worker" });
  rows.push(
    measure("one log line (attempt finished)", (i) =>
      log.info("attempt finished", { orderId: id, attempt: i, outcome: "succeeded", kind: "qboxmail_domain", ms: 12 }),
    ),
  );
  process.stdout.write = write;
  const parent = await withSpan("job", {}, async () => activeTraceparent());
  rows.push(
    await measureAsync("four nested spans under a remote parent", () =>
      withRemoteParent(parent, () =>
        withSpan("order", { kind: "qboxmail_domain" }, () =>
          withSpan("attempt", { number: 1 }, () => withSpan("upstream", { method: "POST" }, async () => 1)),
        ),
      ),
    ),
  );
  rows.push(
    measure("the metrics of an order (2 transitions, 1 upstream call)", () => {
      recordTransition("queued", "provisioning");
      recordTransition("provisioning", "succeeded");
      recordUpstreamCall("qboxmail", "create", "success", 0.05);
    }),
  );
  return rows;
}

report("Worker CPU per order, piece by piece (in-process, warm)", await run());
process.exit(0);

// The order form's "already exists" check at Qboxmail (lib/orders/name-check.ts over
// lib/upstream/read-only-lookup.ts, docs/order-form.md): one deadline for all of the check's
// calls, not a timeout per call, and a list row naming the domain says "exists" whatever a read
// of it by code would answer. Real HTTP to this file's own simulators, slowed or failed with their
// fault switches (POST /__sim/faults); the simulator counts the requests each fault met.
// Own simulators: a slowed request still in flight when a test ends must not reach other files.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { checkOrderName } from "@/lib/orders/name-check";
import { clearFaults, fault, uniq } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { domainBody, qboxClient } from "./qboxmail-sim";

privateSimulatorsForThisFile();
afterEach(clearFaults);
afterAll(disconnectDb);

// A reseller with no orders: the portal knows no name, so every check asks the provider.
const reseller = randomUUID();

async function upstreamAnswer(kind: OrderKind, name: string) {
  const check = await checkOrderName(reseller, kind, name);
  return check?.upstream;
}

/** The faults still armed at the Qboxmail simulator, with the requests each still waits for. */
async function armedFaults(): Promise<{ path?: string; count: number }[]> {
  const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`);
  return ((await res.json()) as { faults: { path?: string; count: number }[] }).faults;
}

describe("the order form's check at Qboxmail", () => {
  it("answers 'unknown' once one deadline for all its calls has passed, though each call alone was in time", async () => {
    // An IDN Qboxmail does not have: listed by its ASCII name, then by its Unicode one. Each list
    // is slowed by 2.5 s: less than the check's 4 s, more than that together.
    const name = `bücher-${uniq()}.example`;
    await fault("qboxmail", { method: "GET", path: "/api/domains", count: 2, action: "delay", ms: 2_500 });
    expect(await upstreamAnswer("qboxmail_domain", name)).toBe("unknown");
    // Both lists were asked (each slowed request met the fault): the second was cut by what was
    // left of the one deadline, where a timeout of its own would have let it answer "absent".
    expect(await armedFaults()).toEqual([]);
    // Unslowed, the same check says what Qboxmail has.
    expect(await upstreamAnswer("qboxmail_domain", name)).toBe("absent");
  });

  it("answers 'exists' for a listed domain whose read by code fails or would outlast the deadline", async () => {
    const name = `listed-${uniq()}.example`;
    const created = await qboxClient().createDomain(domainBody(name));
    if (created.kind !== "success") throw new Error(`not created: ${created.kind}`);
    const read = `/api/domains/${created.ref}`;
    // The list shows the domain; a read of it by code would answer 503.
    await fault("qboxmail", { method: "GET", path: read, count: 1, action: "status", status: 503 });
    expect(await upstreamAnswer("qboxmail_domain", name)).toBe("exists");
    await clearFaults();
    // A read of it by code would hang past the deadline.
    await fault("qboxmail", { method: "GET", path: read, count: 1, action: "delay", ms: 10_000 });
    expect(await upstreamAnswer("qboxmail_domain", name)).toBe("exists");
  });
});

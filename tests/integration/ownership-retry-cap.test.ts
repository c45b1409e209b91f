// Behaviour 5, "the retry cap never ends blind" (docs/reliability.md "Retry cap"): when the last
// allowed attempt left the order maybe-applied, one final lookup decides — adopt, fail as
// absent, or hold for a person with "may exist upstream". Attempts abandoned by a crashing
// worker count toward the cap: a poison order stops, it does not loop.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { UpstreamCalls } from "@/lib/services/upstream-calls";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, ledgerFor, uniq } from "./pipeline-fixtures";

const t = fileTenant();
const ctx = inProcessContext({ maxAttempts: 2 });
const outcomes = async (id: string) => (await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`);

/** Two failed attempts, the first a create that may have committed: the budget of 2 is used up. */
async function maybeAppliedAtTheCap(name: string, createAction: "status-after-commit" | "drop-before") {
  const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
  await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: createAction, status: 500 });
  await runNow(id, ctx);
  expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
  await fault("qboxmail", { method: "GET", path: "/api/domains", count: 1, action: "status", status: 503 });
  await runNow(id, ctx);
  // The cap is reached, but the order may exist: not failed, one final lookup is due.
  expect(await orderRow(id)).toMatchObject({ status: "unknown" });
  return id;
}

describe("the retry cap never ends blind", () => {
  it("the final lookup adopts the order's resource", async () => {
    const name = `c${uniq()}.example.com`;
    const id = await maybeAppliedAtTheCap(name, "status-after-commit");
    await runNow(id, ctx);
    const l = await ledgerFor("qboxmail", name);
    expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    expect(await outcomes(id)).toEqual(["create:unknown", "lookup:transient", "lookup:found"]);
  });

  it("the final lookup finding nothing fails the order as absent", async () => {
    const name = `c${uniq()}.example.com`;
    const id = await maybeAppliedAtTheCap(name, "drop-before");
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o.status).toBe("failed");
    expect(o.lastError).toMatch(/^Gave up after 2 failed attempts; the final lookup found nothing named/);
    expect(await outcomes(id)).toEqual(["create:unknown", "lookup:transient", "lookup:absent"]);
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(0);
  });

  it("a final lookup that cannot tell holds the order for a person: may exist upstream", async () => {
    const name = `c${uniq()}.example.com`;
    const id = await maybeAppliedAtTheCap(name, "status-after-commit");
    await fault("qboxmail", {
      method: "GET",
      path: "/api/domains",
      count: 1,
      action: "status",
      status: 502,
      html: true,
    });
    await runNow(id, ctx);
    const o = await orderRow(id);
    expect(o.status).toBe("held");
    expect(o.lastError).toMatch(/^May exist upstream/);
  });

  it("attempts abandoned by a crashing worker count: a poison order stops instead of looping", async () => {
    const name = `p${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    // Every call crashes the worker's handler after it was sent (a poison answer, say).
    const crash = async () => {
      throw new Error("worker crashed while handling the answer");
    };
    const poisoned = { ...ctx, calls: { create: crash, lookup: crash } as unknown as UpstreamCalls };
    for (let run = 1; run <= 3; run++) await expect(runNow(id, poisoned)).rejects.toThrow(/crashed/);
    // create abandoned (1), lookup abandoned (2 = the cap, the final lookup), then it stops.
    expect(await outcomes(id)).toEqual(["create:abandoned", "lookup:abandoned", "lookup:abandoned"]);
    await runNow(id, poisoned);
    const o = await orderRow(id);
    expect(o.status).toBe("held");
    expect(o.lastError).toMatch(/^May exist upstream: gave up after 3 failed attempts/);
    expect(await outcomes(id)).toHaveLength(4);
    expect(await runNow(id, poisoned)).toBe("skipped");
  });
});

describe("a stored order that no longer passes is not failed blind after a create may have landed", () => {
  /** A create answered 500 (after its commit, or before), then the stored payload broken. */
  async function maybeAppliedThenBroken(name: string, createAction: "status-after-commit" | "drop-before") {
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: createAction, status: 500 });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    // As an order stored before a rule it now breaks was added.
    await db().$executeRaw`UPDATE "order" SET payload = '{"name": 1}'::jsonb WHERE id = ${id}::uuid`;
    await runNow(id, ctx);
    return orderRow(id);
  }

  it("found by its name: held for a person, with the reference to check", async () => {
    const name = `s${uniq()}.example.com`;
    const o = await maybeAppliedThenBroken(name, "status-after-commit");
    const ref = (await ledgerFor("qboxmail", name)).created[0]!.ref;
    expect(o.status).toBe("held");
    expect(o.lastError).toContain(`exists upstream as ${ref}`);
    expect(await outcomes(o.id)).toEqual(["create:unknown", "lookup:found"]);
  });

  it("not found: failed, as an order never sent", async () => {
    const name = `s${uniq()}.example.com`;
    const o = await maybeAppliedThenBroken(name, "drop-before");
    expect(o.status).toBe("failed");
    expect(o.lastError).toMatch(/no longer passes validation/);
    expect(await outcomes(o.id)).toEqual(["create:unknown", "lookup:absent"]);
  });
});

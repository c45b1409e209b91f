// Qboxmail replaces a manager's domains with the list a change sends (docs/upstream/qboxmail-lifecycle.md
// "A manager's domains"). A change that failed and is sent again later (support's "Retry now") must
// not undo an edit made in Qboxmail's panel meanwhile: the change stores the list it started from,
// and a retry reads Qboxmail first and sends nothing when the list moved (lib/services/whole-lists.ts).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import { retryOrderNow } from "@/lib/support/order-actions";
import { makeUser } from "../factories";
import { fault, fileTenant, forms, isFinal, succeededService, waitForOrder } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});

/** A manager holding domain A, and two more of the reseller's domains B and C. */
async function managerAndDomains() {
  const [a, b, c] = await Promise.all(
    [0, 1, 2].map(
      async () => (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain())).service.upstreamRef,
    ),
  );
  const { service } = await succeededService(t, "qboxmail_manager", forms.qboxmail_manager(undefined, undefined, [a!]));
  return { manager: service, a: a!, b: b!, c: c! };
}

/** A change of the manager's domains to `codes` that Qboxmail refuses once (403: the account's billing profile, say). */
async function failedChange(manager: { id: string; upstreamRef: string }, codes: string[]) {
  await fault("qboxmail", {
    method: "PUT",
    path: `/api/managers/${manager.upstreamRef}`,
    action: "status",
    status: 403,
    count: 1,
  });
  const placed = await placeChange(t.user, {
    serviceId: manager.id,
    action: "change",
    idempotencyKey: `chg-${randomUUID()}`,
    form: { domain_codes: codes },
  });
  if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
  const order = await waitForOrder(placed.orderId, isFinal, 30_000);
  expect(order.status).toBe("failed");
  return order;
}

async function retried(orderId: string) {
  const support = await makeUser("support");
  const { version } = await db().order.findUniqueOrThrow({ where: { id: orderId } });
  await retryOrderNow(support, { orderId, expectedVersion: version, reason: "billing profile fixed" });
  return waitForOrder(orderId, isFinal, 30_000);
}

/** Until the simulator holds back an answer on `path`: its handler ran, so the change is applied there. */
async function answerHeld(path: string): Promise<void> {
  for (let i = 0; ; i++) {
    const { held } = (await (await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`)).json()) as {
      held: { path: string }[];
    };
    if (held.some((h) => h.path.endsWith(path))) return;
    if (i > 750) throw new Error(`no answer on ${path} was held`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

const heldAtQboxmail = async (ref: string) => {
  const read = await qboxClient().getManager(ref);
  if (read.kind !== "found") throw new Error(`manager not read: ${JSON.stringify(read)}`);
  return [...((read.data as { domain_codes?: string[] }).domain_codes ?? [])].sort();
};

describe("support's retry of a failed change of a manager's domains", () => {
  it("sends nothing, and says to place it again, when the list was changed in Qboxmail's panel since", async () => {
    const { manager, a, b, c } = await managerAndDomains();
    const order = await failedChange(manager, [a, b]);
    expect((order.payload as { before?: unknown }).before).toEqual({ domain_codes: [a] });
    // Qboxmail's panel gives the manager C meanwhile.
    expect((await qboxClient().updateManager(manager.upstreamRef, { domain_codes: [a, c] })).kind).toBe("success");
    const after = await retried(order.id);
    expect(after).toMatchObject({
      status: "failed",
      lastError:
        "domain_codes was changed at Qboxmail since this change was placed, and sending the change now would undo that: place it again from the service page",
    });
    expect(await heldAtQboxmail(manager.upstreamRef)).toEqual([a, c].sort());
  });

  it("sends the change when the list is still as the change found it", async () => {
    const { manager, a, b } = await managerAndDomains();
    const order = await failedChange(manager, [a, b]);
    expect(await retried(order.id)).toMatchObject({ status: "succeeded" });
    expect(await heldAtQboxmail(manager.upstreamRef)).toEqual([a, b].sort());
  });

  it("is held for a person when the change may have applied before the list was changed in the panel", async () => {
    const { manager, a, b, c } = await managerAndDomains();
    const path = `/api/managers/${manager.upstreamRef}`;
    // Qboxmail applies the change, and its answer never comes back in time.
    await fault("qboxmail", { method: "PUT", path, action: "hold-answer", ms: 5_000 });
    const placed = await placeChange(t.user, {
      serviceId: manager.id,
      action: "change",
      idempotencyKey: `chg-${randomUUID()}`,
      form: { domain_codes: [a, b] },
    });
    if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
    await answerHeld(path);
    // Then the panel gives the manager C instead of B.
    expect((await qboxClient().updateManager(manager.upstreamRef, { domain_codes: [a, c] })).kind).toBe("success");
    const order = await waitForOrder(placed.orderId, isFinal, 40_000);
    expect(order).toMatchObject({
      status: "held",
      lastError: expect.stringMatching(
        /^domain_codes was changed at Qboxmail since this change was placed, and the change may have been applied before that/,
      ),
    });
    expect(await heldAtQboxmail(manager.upstreamRef)).toEqual([a, c].sort());
  });
});

describe("a change of a domain's allowed networks sent again after a first try", () => {
  it("starts from Qboxmail's list when a change through the portal went through since the last reading", async () => {
    const { service } = await succeededService(t, "qboxmail_domain", {
      ...forms.qboxmail_domain(),
      plan: "enterprise",
    });
    expect(await refreshService(service)).toMatchObject({ ok: true, settings: { allow_nets: [] } });
    const change = async (nets: string[], faults = 0) => {
      if (faults)
        await fault("qboxmail", {
          method: "PUT",
          path: `/api/domains/${service.upstreamRef}`,
          action: "status",
          status: 429,
          count: faults,
        });
      const placed = await placeChange(t.user, {
        serviceId: service.id,
        action: "change",
        idempotencyKey: `nets-${randomUUID()}`,
        form: { allow_nets: nets.join("\n") },
      });
      if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
      return waitForOrder(placed.orderId, isFinal, 30_000);
    };
    expect(await change(["192.0.2.1"])).toMatchObject({ status: "succeeded" });
    // The stored reading still says [] (a change clears read_at, not the settings); the second
    // change's first send is refused with 429 and sent again after a read.
    const second = await change(["192.0.2.1", "198.51.100.0/24"], 1);
    expect(second).toMatchObject({ status: "succeeded" });
    expect((second.payload as { before?: unknown }).before).toEqual({ allow_nets: ["192.0.2.1"] });
  });
});

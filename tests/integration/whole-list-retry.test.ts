// Qboxmail replaces a manager's domains with the list a change sends (docs/upstream/qboxmail-lifecycle.md
// "A manager's domains"). A change that failed and is sent again later (support's "Retry now") must
// not undo an edit made in Qboxmail's panel meanwhile: the change stores the list it started from,
// and a retry reads Qboxmail first and sends nothing when the list moved (lib/services/whole-lists.ts).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
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
});

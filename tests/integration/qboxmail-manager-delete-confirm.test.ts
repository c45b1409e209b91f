// A Qboxmail manager delete succeeds only once a read-back no longer finds the manager, as a
// domain delete does: a 404 to the DELETE ("already gone") comes from an assumed route
// (docs/upstream/qboxmail-lifecycle.md), and a route that answers 404 without deleting would
// otherwise end the service while the manager still exists upstream. Own simulators: the
// `managerDeleteNotFound` setting must not reach another file's managers.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { spawnWorker } from "../../scripts/lib/worker-process";
import { makeTenant, type Tenant } from "../factories";
import { forms, isFinal, pipelineFileHooks, succeededService, waitForOrder } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

let t: Tenant;
const sim = () => process.env.SIM_QBOXMAIL_ORIGIN!;

async function simManager(code: string) {
  const r = await fetch(`${sim()}/api/managers/${code}`, {
    headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
  });
  return r.status === 404 ? null : ((await r.json()).resources[0] as Record<string, unknown>);
}

async function attemptsOf(orderId: string) {
  const rows = await db().attempt.findMany({ where: { orderId }, orderBy: { number: "asc" } });
  return rows.map((a) => `${a.kind}:${a.outcome}`);
}

async function deleteManagerService() {
  const { service } = await succeededService(t, "qboxmail_manager", forms.qboxmail_manager());
  return { service, place: () => placeDelete(service) };
}

async function placeDelete(service: { id: string; naturalKey: string }) {
  const del = await placeChange(t.user, {
    serviceId: service.id,
    action: "delete",
    idempotencyKey: `del-${randomUUID()}`,
    confirmName: service.naturalKey,
  });
  if (!del.ok) throw new Error(JSON.stringify(del));
  return del.orderId;
}

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    const w = spawnWorker({
      UPSTREAM_TIMEOUT_MS: "1500",
      RETRY_BASE_MS: "200",
      RETRY_MAX_MS: "1000",
      MAX_ATTEMPTS: "3",
      // Short, so the last test sees the hold; far above the second test's few seconds of waiting.
      QUEUED_DELETION_MAX_MS: "15000",
    });
    await w.waitForOutput(/worker started/);
  },
  teardown: () => qboxSetting({ managerDeleteNotFound: false }),
});

describe("a Qboxmail manager delete", () => {
  it("is confirmed by a read-back when Qboxmail deletes at once", async () => {
    const { service, place } = await deleteManagerService();
    const orderId = await place();
    expect((await waitForOrder(orderId, isFinal)).status).toBe("succeeded");
    expect(await attemptsOf(orderId)).toEqual(["change:succeeded", "lookup:absent"]);
    expect(await simManager(service.upstreamRef)).toBeNull();
  });

  it("does not take a 404 to the DELETE for gone while the manager is still there", async () => {
    const { service, place } = await deleteManagerService();
    await qboxSetting({ managerDeleteNotFound: true });
    const orderId = await place();
    // The DELETE answered 404; the read-back that follows finds the manager.
    const until = Date.now() + 20_000;
    while (!(await attemptsOf(orderId)).includes("lookup:found") && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    const seen = await attemptsOf(orderId);
    expect(seen.slice(0, 2)).toEqual(["change:succeeded", "lookup:found"]);
    expect(await simManager(service.upstreamRef)).not.toBeNull();
    expect((await db().order.findUniqueOrThrow({ where: { id: orderId } })).status).not.toBe("succeeded");
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");

    // Once the route deletes, the DELETE sent again removes the manager and the order ends.
    await qboxSetting({ managerDeleteNotFound: false });
    expect((await waitForOrder(orderId, isFinal, 40_000)).status).toBe("succeeded");
    expect(await simManager(service.upstreamRef)).toBeNull();
    expect(await attemptsOf(orderId)).toContain("lookup:absent");
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "deleted" });
  });

  it("still listed long after its DELETE was answered is held for a person, in words about the manager", async () => {
    const { service, place } = await deleteManagerService();
    await qboxSetting({ managerDeleteNotFound: true });
    const orderId = await place();
    const held = await waitForOrder(orderId, isFinal, 40_000);
    await qboxSetting({ managerDeleteNotFound: false });
    expect(held.status).toBe("held");
    expect(held.lastError).toMatch(/^Qboxmail accepted the deletion \d+ hours ago and still lists the manager\./);
    expect(await simManager(service.upstreamRef)).not.toBeNull();
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
  });
});

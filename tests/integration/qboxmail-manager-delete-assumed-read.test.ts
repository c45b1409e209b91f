// A Qboxmail manager delete is confirmed by reading the manager back, and that read by code
// (`GET /api/managers/{code}`) is an assumed route (docs/upstream/qboxmail-lifecycle.md): a 404
// from it may mean the route is not there, which says nothing about the manager. So the delete
// is done only once the managers list, asked by the manager's e-mail as the lookups ask it, no
// longer has the manager; while it does, the order is not done ("Checking", read again) and the
// service stays live. The same holds for support marking such a delete resolved by hand.
// Own simulators: the `managerDeleteNotFound` setting must not reach another file's managers.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { readFindingResource } from "@/lib/services/drift-actions";
import { confirmMissing } from "@/lib/services/drift-confirm";
import { refreshService } from "@/lib/services/read-live";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import type { ProvisionContext } from "@/workers/processors/context";
import { makeOrder, makeUser } from "../factories";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import {
  clearFaults,
  fault,
  forms,
  makeTenant,
  pipelineFileHooks,
  placeServiceDelete,
  type Tenant,
} from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxClient, qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

let t: Tenant;
let support: Viewer;
let ctx: ProvisionContext;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    support = await makeUser("support");
  },
  teardown: () => qboxSetting({ managerDeleteNotFound: false }),
});
beforeAll(() => {
  ctx = inProcessContext();
});
afterEach(async () => {
  await clearFaults();
  await qboxSetting({ managerDeleteNotFound: false });
});

/** A manager made through the pipeline, and its live service. */
async function managerService() {
  const form = forms.qboxmail_manager();
  const id = await placeOrThrow(t, "qboxmail_manager", form);
  await runNow(id, ctx);
  expect(await orderRow(id)).toMatchObject({ status: "succeeded" });
  return { service: await db().service.findUniqueOrThrow({ where: { createOrderId: id } }) };
}

/** This Qboxmail answers the assumed `GET /api/managers/{code}` with its own 404 envelope. */
const readRouteNotThere = (code: string) =>
  fault("qboxmail", { method: "GET", path: `/api/managers/${code}`, action: "status", status: 404, count: 1000 });

/** Whether the simulator's managers list (not the assumed read) still has a manager of this code. */
async function listed(code: string): Promise<boolean> {
  const page = await qboxClient().listPage("managers", 1, 200, undefined);
  if (!page.ok) throw new Error(page.message);
  return page.items.some((m) => m.code === code);
}

const outcomes = async (id: string) => (await attemptsOf(id)).map((a) => `${a.kind}:${a.outcome}`);

describe("a Qboxmail manager delete whose read by code is an assumed route answering 404", () => {
  it("is not done while the managers list still has the manager, and is once it no longer does", async () => {
    const { service } = await managerService();
    const delId = await placeServiceDelete(t, service);
    // Neither assumed route is there: the DELETE answers 404 without deleting, and so does the read.
    await qboxSetting({ managerDeleteNotFound: true });
    await readRouteNotThere(service.upstreamRef);

    await runNow(delId, ctx);
    const o = await orderRow(delId);
    // Accepted ("already gone"), read back: the 404 of the read is asked of the list, which has it.
    expect(await outcomes(delId)).toEqual(["change:succeeded", "lookup:found"]);
    expect(o.status).toBe("unknown");
    // What answered was the list, asked by the manager's e-mail.
    const read = (await attemptsOf(delId)).at(-1)!;
    expect(read.httpPath?.split("?")[0]).toBe("/api/managers");
    expect(new URLSearchParams(read.httpPath?.split("?")[1]).get("query")).toBe(service.naturalKey);
    expect(await listed(service.upstreamRef)).toBe(true);
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      status: "active",
      endedAt: null,
    });

    // Once the DELETE deletes, the next run (read, still listed: sent again) ends it; the read by
    // code still answers 404, and now the list agrees.
    await qboxSetting({ managerDeleteNotFound: false });
    await runNow(delId, ctx);
    expect(await orderRow(delId)).toMatchObject({ status: "succeeded" });
    expect(await outcomes(delId)).toEqual([
      "change:succeeded",
      "lookup:found",
      "lookup:found",
      "change:succeeded",
      "lookup:absent",
    ]);
    expect(await listed(service.upstreamRef)).toBe(false);
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("deleted");
  });

  it("is done at once when the DELETE deletes: the list no longer has the manager either", async () => {
    const { service } = await managerService();
    const delId = await placeServiceDelete(t, service);
    await readRouteNotThere(service.upstreamRef);
    await runNow(delId, ctx);
    expect(await orderRow(delId)).toMatchObject({ status: "succeeded" });
    expect(await outcomes(delId)).toEqual(["change:succeeded", "lookup:absent"]);
    expect(await listed(service.upstreamRef)).toBe(false);
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("deleted");
  });

  // A server without the route answers otherwise than Qboxmail's 404: a 405, a gateway's 404 page, another record.
  it.each([
    ["a 405", { status: 405 }],
    ["a 404 page that is not Qboxmail's", { status: 404, html: true }],
    // A route that answers the managers list: its first row is another manager.
    [
      "another manager's record",
      {
        status: 200,
        body: { resources: [{ code: "M-OTHER-1", email_address: "other@example.com", status: "enabled" }] },
      },
    ],
  ])("asks the list as well when the read by code answers %s", async (_, answer) => {
    const { service } = await managerService();
    const delId = await placeServiceDelete(t, service);
    await fault("qboxmail", {
      method: "GET",
      path: `/api/managers/${service.upstreamRef}`,
      action: "status",
      count: 1000,
      ...answer,
    });
    await runNow(delId, ctx);
    expect(await orderRow(delId)).toMatchObject({ status: "succeeded" });
    expect(await outcomes(delId)).toEqual(["change:succeeded", "lookup:absent"]);
    expect((await attemptsOf(delId)).at(-1)?.httpPath?.split("?")[0]).toBe("/api/managers");
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("deleted");
  });

  it("is not marked resolved by hand while the list still has the manager", async () => {
    const { service } = await managerService();
    const held = await makeOrder({
      tenant: t,
      kind: "qboxmail_manager",
      status: "held",
      action: "delete",
      serviceId: service.id,
      naturalKey: service.naturalKey,
      upstreamRef: service.upstreamRef,
      payload: { purge: false },
    });
    await readRouteNotThere(service.upstreamRef);
    await expect(
      resolveOrderByHand(support, {
        orderId: held.id,
        expectedVersion: held.version,
        reason: "Checked in the panel",
        upstreamRef: service.upstreamRef,
      }),
    ).rejects.toThrow(`${service.naturalKey} (${service.upstreamRef}) still exists at the provider`);
    expect((await orderRow(held.id)).status).toBe("held");
    expect(await listed(service.upstreamRef)).toBe(true);
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
  });
});

describe("the drift page's reads of a manager whose read by code answers 404", () => {
  it("do not confirm it missing, nor read it absent, while the managers list still has it", async () => {
    const { service } = await managerService();
    await readRouteNotThere(service.upstreamRef);
    expect(await listed(service.upstreamRef)).toBe(true);
    // Mark gone and re-create ask this before they end the service.
    expect(await confirmMissing("qboxmail_manager", service.upstreamRef, service.naturalKey)).toMatchObject({
      missing: false,
      unreadable: false,
    });
    const reading = await readFindingResource(support, {
      kind: "qboxmail_manager",
      upstreamRef: service.upstreamRef,
      naturalKey: service.naturalKey,
    });
    expect(reading.state).toBe("found");
    // Nor does the service page's (or the sweep's) reading store it missing.
    const live = await refreshService({
      id: service.id,
      kind: "qboxmail_manager",
      upstreamRef: service.upstreamRef,
      naturalKey: service.naturalKey,
    });
    expect(live).toMatchObject({ ok: true });
    expect(live.ok && live.state).not.toBe("missing");
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).upstreamState).not.toBe("missing");
  });
});

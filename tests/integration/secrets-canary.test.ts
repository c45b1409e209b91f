// docs/design.md invariant 5: a canary password goes through placing, retries, reconciliation, a
// rejection with "edit and resubmit", a cancellation, and a password change after the order (a
// lost answer, then sent again); afterwards it appears nowhere we keep data: no Postgres table
// (the sealed column is emptied), no Redis key or value, no worker log line.

import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { cancelOrder, resubmitOrder } from "@/lib/orders/cancel-order";
import { placeChange } from "@/lib/services/place-change";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { makeTenant } from "../factories";
import {
  CANARY,
  clearFaults,
  fault,
  forms,
  place,
  quiesceOrders,
  rejectNextDomainCreate,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

const final = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);

beforeAll(quiesceOrders);
afterAll(async () => {
  await clearFaults();
  await killAllWorkers();
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

async function redisDump(): Promise<string> {
  const r = new Redis(process.env.REDIS_URL!);
  const parts: string[] = [];
  for (const key of await r.keys("*")) {
    parts.push(key);
    const type = await r.type(key);
    if (type === "string") parts.push(String(await r.get(key)));
    else if (type === "hash") parts.push(JSON.stringify(await r.hgetall(key)));
    else if (type === "list") parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
    else if (type === "set") parts.push(JSON.stringify(await r.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await r.zrange(key, "0", "-1")));
    else if (type === "stream") parts.push(JSON.stringify(await r.xrange(key, "-", "+")));
  }
  r.disconnect();
  return parts.join("\n");
}

describe("the canary password", () => {
  it("is found nowhere after orders went through every path", async () => {
    const w = spawnWorker({ LOG_LEVEL: "debug", UPSTREAM_TIMEOUT_MS: "1500" });
    await w.waitForOutput(/worker started/);
    const t = await makeTenant();
    const ids: string[] = [];
    const ok = async (p: ReturnType<typeof place>) => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r));
      ids.push(r.orderId);
      return r.orderId;
    };

    // A domain that meets a 503 (unknown, then lookup and create) and a manager whose create is
    // dropped after commit (adopted by lookup).
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status: 503 });
    const domainId = await ok(place(t, "qboxmail_domain", forms.qboxmail_domain(`c${uniq()}.example.com`)));
    const domain = await waitForOrder(domainId, final);
    expect(domain.status).toBe("succeeded");
    await fault("qboxmail", { method: "POST", path: "/api/managers", count: 1, action: "drop-after-commit" });
    const managerId = await ok(
      place(t, "qboxmail_manager", forms.qboxmail_manager(undefined, CANARY, [domain.upstreamRef!])),
    );
    expect(await waitForOrder(managerId, final)).toMatchObject({ status: "succeeded" });

    // The canary as a new postmaster password after the order: the update's answer is lost, the
    // domain read back, the password sent again (docs/lifecycle.md); and a mistyped pair refused.
    const service = await db().service.findUniqueOrThrow({ where: { createOrderId: domainId } });
    const code = domain.upstreamRef!;
    await fault("qboxmail", { method: "PUT", path: `/api/domains/${code}`, count: 1, action: "drop-after-commit" });
    const pair = { postmaster_password: CANARY, postmaster_password_confirmation: CANARY };
    const changed = await placeChange(t.user, {
      serviceId: service.id,
      action: "change",
      idempotencyKey: `pw-${uniq()}-key`,
      form: pair,
    });
    if (!changed.ok) throw new Error(JSON.stringify(changed));
    ids.push(changed.orderId);
    expect(await waitForOrder(changed.orderId, final)).toMatchObject({ status: "succeeded" });
    const mistyped = await placeChange(t.user, {
      serviceId: service.id,
      action: "change",
      idempotencyKey: `pw-${uniq()}-key`,
      form: { ...pair, postmaster_password_confirmation: `${CANARY}x` },
    });
    expect(mistyped.ok).toBe(false);
    expect(JSON.stringify(mistyped)).not.toContain(CANARY);

    // A rejection, then edit and resubmit (which cancels the failed order).
    await rejectNextDomainCreate("name");
    const rejectedId = await ok(place(t, "qboxmail_domain", forms.qboxmail_domain()));
    expect(await waitForOrder(rejectedId, final)).toMatchObject({ status: "failed" });
    const again = await resubmitOrder(t.user, {
      orderId: rejectedId,
      idempotencyKey: `re-${uniq()}-key`,
      form: forms.qboxmail_domain(),
    });
    if (!again.ok) throw new Error(JSON.stringify(again));
    ids.push(again.orderId);
    expect(await waitForOrder(again.orderId, final)).toMatchObject({ status: "succeeded" });

    // A form error echoes nothing back, and a cancelled order drops its secret.
    const invalid = await place(t, "qboxmail_domain", {
      ...forms.qboxmail_domain(),
      postmaster_password_confirmation: `${CANARY}x`,
    });
    expect(JSON.stringify(invalid)).not.toContain(CANARY);
    await w.stop();
    const cancelled = await ok(place(t, "qboxmail_domain", forms.qboxmail_domain()));
    expect(await cancelOrder(t.user, cancelled, "not needed")).toEqual({ ok: true });

    const orders = await db().order.findMany({
      where: { id: { in: ids } },
      select: { status: true, sealedSecret: true },
    });
    expect(orders.every((o) => o.sealedSecret === null)).toBe(true);

    const tables = await db().$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    expect(tables.map((x) => x.table_name)).toEqual(expect.arrayContaining(["order", "attempt", "audit_event"]));
    for (const { table_name } of tables) {
      const [hit] = await db().$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${table_name}" x WHERE x::text ILIKE $1`,
        `%${CANARY}%`,
      );
      expect(Number(hit!.n), `canary in table ${table_name}`).toBe(0);
    }
    const audit = await db().auditEvent.findMany({ where: { orderId: { in: ids } } });
    expect(audit.length).toBeGreaterThan(10);
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(CANARY);

    expect((await redisDump()).toLowerCase()).not.toContain(CANARY.toLowerCase());
    const logs = w.output();
    expect(logs).toMatch(/attempt finished/);
    expect(logs.toLowerCase()).not.toContain(CANARY.toLowerCase());
  });
});

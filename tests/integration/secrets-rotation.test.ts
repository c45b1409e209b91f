// A SECRETS_KEY rotation (docs/operations.md "Rotate SECRETS_KEY"): while SECRETS_KEY_PREVIOUS is
// set, what the old key sealed still opens; `npm run secrets:reseal` (lib/crypto/reseal.ts) seals
// every such value again with the new key, each for its own row, after which the old key opens
// none of them. Order passwords, authenticator secrets and webhook signing secrets alike.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { resealAll } from "@/lib/crypto/reseal";
import { open, seal } from "@/lib/crypto/seal";
import { db, disconnectDb } from "@/lib/db";
import { makeOrder, makeTenant } from "../factories";

afterAll(() => disconnectDb());

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const LOST = randomBytes(32);

describe("rotating SECRETS_KEY", () => {
  it("opens with the previous key during the rotation, and reseals every kind of secret onto the new one", async () => {
    const t = await makeTenant();
    const order = await makeOrder({ tenant: t, status: "queued" });
    const lost = await makeOrder({ tenant: t, status: "queued" });
    await db().order.update({
      where: { id: order.id },
      data: { sealedSecret: new Uint8Array(seal({ postmaster_password: "Pw-old-1" }, order.id, OLD)) },
    });
    await db().order.update({
      where: { id: lost.id },
      data: { sealedSecret: new Uint8Array(seal({ postmaster_password: "Pw-lost" }, lost.id, LOST)) },
    });
    await db().user.update({
      where: { id: t.user.id },
      data: { totpSecret: new Uint8Array(seal({ totp: "JBSWY3DPEHPK3PXP" }, `totp:${t.user.id}`, OLD)) },
    });
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: t.reseller.id,
        url: "https://hooks.example.test/in",
        events: ["order.succeeded"],
        sealedSecret: new Uint8Array(seal({ secret: "whsec_old" }, "webhook:placeholder", OLD)),
      },
    });
    // Sealed for its own id (the id is only known once the row exists).
    await db().webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { sealedSecret: new Uint8Array(seal({ secret: "whsec_old" }, `webhook:${endpoint.id}`, OLD)) },
    });

    // During the rotation the worker and the sign-in open with the new key first, then the old one.
    const sealedOrder = (await db().order.findUniqueOrThrow({ where: { id: order.id } })).sealedSecret!;
    expect(open(sealedOrder, order.id, [NEW, OLD])).toEqual({ postmaster_password: "Pw-old-1" });
    expect(() => open(sealedOrder, order.id, [NEW])).toThrow(/could not be opened/);

    const counts = await resealAll({ current: NEW, previous: [OLD] });
    const of = (table: string, column: string) => counts.find((c) => c.table === table && c.column === column)!;
    // At least ours (other files' rows, sealed with the test key, count as unreadable and stay as they are).
    expect(of("order", "sealed_secret").resealed).toBeGreaterThanOrEqual(1);
    expect(of("order", "sealed_secret").unreadable).toBeGreaterThanOrEqual(1);
    expect(of("app_user", "totp_secret").resealed).toBeGreaterThanOrEqual(1);
    expect(of("webhook_endpoint", "sealed_secret").resealed).toBeGreaterThanOrEqual(1);

    // Now the new key alone opens each, for its own row only.
    const now = (await db().order.findUniqueOrThrow({ where: { id: order.id } })).sealedSecret!;
    expect(open(now, order.id, [NEW])).toEqual({ postmaster_password: "Pw-old-1" });
    expect(() => open(now, lost.id, [NEW])).toThrow();
    const user = await db().user.findUniqueOrThrow({ where: { id: t.user.id } });
    expect(open(user.totpSecret!, `totp:${t.user.id}`, [NEW])).toEqual({ totp: "JBSWY3DPEHPK3PXP" });
    const hook = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(open(hook.sealedSecret, `webhook:${endpoint.id}`, [NEW])).toEqual({ secret: "whsec_old" });
    // A value no key opens is left exactly as it was.
    const untouched = (await db().order.findUniqueOrThrow({ where: { id: lost.id } })).sealedSecret!;
    expect(open(untouched, lost.id, [LOST])).toEqual({ postmaster_password: "Pw-lost" });

    // A second run finds ours already current and changes nothing.
    const again = await resealAll({ current: NEW, previous: [OLD] });
    expect(again.find((c) => c.table === "order")!.resealed).toBe(0);
  });

  it("clears an endpoint's previous signing secret once its overlap is over, and reseals one still in use", async () => {
    const t = await makeTenant();
    const endpoint = (previousUntil: Date) =>
      db().webhookEndpoint.create({
        data: {
          resellerId: t.reseller.id,
          url: "https://hooks.example.test/in",
          events: ["order.succeeded"],
          sealedSecret: new Uint8Array(randomBytes(40)),
          previousUntil,
        },
      });
    const expired = await endpoint(new Date(Date.now() - 60_000));
    const live = await endpoint(new Date(Date.now() + 3_600_000));
    const sealedFor = (id: string, key: Buffer) =>
      new Uint8Array(seal({ secret: "whsec_before" }, `webhook:${id}`, key));
    // The expired one was sealed with a key lost before: nothing opens it, and nothing needs it.
    await db().webhookEndpoint.update({
      where: { id: expired.id },
      data: { previousSealedSecret: sealedFor(expired.id, LOST) },
    });
    await db().webhookEndpoint.update({
      where: { id: live.id },
      data: { previousSealedSecret: sealedFor(live.id, OLD) },
    });

    await resealAll({ current: NEW, previous: [OLD] });

    const endpointNow = (id: string) => db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect((await endpointNow(expired.id)).previousSealedSecret).toBeNull();
    const stillUsed = (await endpointNow(live.id)).previousSealedSecret!;
    expect(open(stillUsed, `webhook:${live.id}`, [NEW])).toEqual({ secret: "whsec_before" });
  });
});

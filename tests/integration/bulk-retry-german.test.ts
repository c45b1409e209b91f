// Support's bulk retry says why it skipped an order in the person's language (docs/i18n.md
// "Sentences from lib/"): each reason is a said() sentence that the action words for the person,
// while lib/ (and the tests that read it) keep the English, the status quoted as the pages label it.
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { localizeSentence } from "@/lib/i18n/sentences";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { bulkRetry } from "@/lib/support/bulk-retry";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { makeOrder, makeService, makeTenant, makeUser, type Tenant } from "../factories";

const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "sentences" });

let t: Tenant;
let support: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  t = await makeTenant();
  support = await makeUser("support");
});
afterAll(async () => {
  await closeProducer();
  await disconnectDb();
});

describe("bulk retry's skip reasons", () => {
  it("are English from lib/ and German at a German form", async () => {
    const moved = await makeOrder({ tenant: t, status: "failed" });
    await db().order.update({ where: { id: moved.id }, data: { version: 3 } });
    const done = await makeOrder({ tenant: t, status: "succeeded" });
    const gone = randomUUID();
    const result = await bulkRetry(support, {
      reason: "provider outage over",
      items: [moved, done, { id: gone }].map((o) => ({ orderId: o.id, expectedVersion: 0 })),
    });
    expect(result.retried).toEqual([]);
    expect(result.skipped.map((s) => s.why)).toEqual([
      "changed since you opened it (now: failed)",
      "is succeeded, which cannot be retried (only failed, held or retrying orders can)",
      "not found",
    ]);
    expect(result.skipped.map((s) => localizeSentence(s.why, german))).toEqual([
      "geändert, seit Sie die Seite geöffnet haben (jetzt: „Fehlgeschlagen“)",
      "hat den Status „Erfolgreich“, der sich nicht erneut versuchen lässt (nur „Fehlgeschlagen“, „Angehalten“ oder „Neuer Versuch“)",
      "nicht gefunden",
    ]);
  });

  it("stop trying after three orders in a row whose step failed (a database out of reach), saying so for the rest", async () => {
    const locked = await Promise.all([1, 2, 3].map(() => makeOrder({ tenant: t, status: "failed" })));
    const rest = await Promise.all([1, 2].map(() => makeOrder({ tenant: t, status: "failed" })));
    // Another session holds the first three rows: each step waits past its transaction's time,
    // as it would for a database that does not answer.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "order" WHERE id = ANY($1::uuid[]) FOR UPDATE`, [locked.map((o) => o.id)]);
      const result = await bulkRetry(support, {
        reason: "provider outage over",
        items: [...locked, ...rest].map((o) => ({ orderId: o.id, expectedVersion: 0 })),
      });
      expect(result.retried).toEqual([]);
      expect(result.skipped.map((s) => s.why)).toEqual([
        ...locked.map(() => expect.stringMatching(/could not finish this order's step/)),
        ...rest.map(() => expect.stringMatching(/^not retried: 3 orders in a row had failed just before/)),
      ]);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    // Nothing was changed: every order is still failed, at its version.
    for (const o of [...locked, ...rest])
      expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
        status: "failed",
        version: 0,
      });
  }, 60_000);

  it("skip a change while another order of its service is open, naming it, and still retry the others", async () => {
    const service = await makeService({ tenant: t });
    const failedChange = await makeOrder({ tenant: t, status: "failed", action: "suspend", serviceId: service.id });
    const openChange = await makeOrder({ tenant: t, status: "queued", action: "change", serviceId: service.id });
    const other = await makeOrder({ tenant: t, status: "failed" });
    const result = await bulkRetry(support, {
      reason: "provider outage over",
      items: [failedChange, other].map((o) => ({ orderId: o.id, expectedVersion: 0 })),
    });
    expect(result.retried).toEqual([other.id]);
    expect(result.skipped).toEqual([{ orderId: failedChange.id, why: expect.stringContaining(openChange.id) }]);
    expect(result.skipped[0]!.why).toMatch(/one change at a time/);
    expect((await db().order.findUniqueOrThrow({ where: { id: failedChange.id } })).status).toBe("failed");
    expect((await db().order.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("queued");
  });
});

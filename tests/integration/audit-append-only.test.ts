import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";

describe("audit_event table", () => {
  afterAll(disconnectDb);

  it("chains hashes per chain and refuses UPDATE, DELETE and TRUNCATE", async () => {
    const first = await db().auditEvent.create({ data: { actorType: "system", action: "test.first" } });
    const second = await db().auditEvent.create({ data: { actorType: "system", action: "test.second" } });
    expect(second.chainKey).toBe("global");
    expect(second.chainSeq).toBe(first.chainSeq + 1);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);

    await expect(db().auditEvent.update({ where: { id: first.id }, data: { action: "tampered" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db().auditEvent.delete({ where: { id: first.id } })).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe("TRUNCATE audit_event")).rejects.toThrow(/append-only/);
    const still = await db().auditEvent.findUnique({ where: { id: first.id } });
    expect(still?.action).toBe("test.first");
  });
});

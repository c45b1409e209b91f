// The support console's open drift findings (lib/services/drift-reads.ts), a page at a time: a run
// that finds hundreds of differences stamps them all with one time, and every one is reachable
// once, forwards and back, however many there are. Staff only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db";
import { countOpenFindings, listOpenFindings } from "@/lib/services/drift-reads";
import { makeReseller, makeUser, tag } from "../factories";

let support: Viewer;
let ours: Set<string>;
let countBefore: number;
// Later than anything other files write, so this file's findings are the newest.
const RUN_AT = new Date("2100-01-01T00:00:00.000Z");

describe("open drift findings, page by page", () => {
  beforeAll(async () => {
    support = await makeUser("support");
    countBefore = await countOpenFindings(support);
    const label = tag();
    await db().driftFinding.createMany({
      data: Array.from({ length: 250 }, (_, i) => ({
        provider: "qboxmail" as const,
        kind: "qboxmail_domain" as const,
        upstreamRef: `ref-${label}-${i}`,
        naturalKey: `drift-${label}-${i}.example`,
        type: "unowned",
        detectedAt: RUN_AT,
        lastSeenAt: RUN_AT,
      })),
    });
    const rows = await db().driftFinding.findMany({ where: { detectedAt: RUN_AT }, select: { id: true } });
    ours = new Set(rows.map((r) => r.id));
  });
  afterAll(async () => {
    await db().driftFinding.updateMany({
      where: { id: { in: [...ours] } },
      data: { resolvedAt: new Date(), resolution: "dismissed" },
    });
    await disconnectDb();
  });

  it("reaches each finding of one run once, forwards and back, and counts them", async () => {
    expect(ours.size).toBe(250);
    expect((await countOpenFindings(support)) - countBefore).toBe(250);

    const first = await listOpenFindings(support);
    expect(first.rows).toHaveLength(100);
    expect(first.rows.every((r) => ours.has(r.id))).toBe(true);
    expect(first.prevCursor).toBeNull();
    const second = await listOpenFindings(support, { cursor: first.nextCursor ?? undefined });
    expect(second.rows).toHaveLength(100);
    const third = await listOpenFindings(support, { cursor: second.nextCursor ?? undefined });
    // Forwards: this run's 250, each once, then whatever other files left open.
    const seen = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id).filter((id) => ours.has(id));
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);

    // Back from the third page: the second again, in the same order.
    const back = await listOpenFindings(support, { before: third.prevCursor ?? undefined });
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(back.prevCursor).not.toBeNull();

    // A cursor that cannot be read gives the first page.
    expect((await listOpenFindings(support, { cursor: "not-a-cursor" })).rows.map((r) => r.id)).toEqual(
      first.rows.map((r) => r.id),
    );
  });

  it("is for staff only", async () => {
    const reseller = await makeReseller({ label: `drift${tag()}` });
    const user = await makeUser("reseller", reseller.id);
    await expect(listOpenFindings(user)).rejects.toThrow(/404/);
    await expect(countOpenFindings(user)).rejects.toThrow(/404/);
  });
});

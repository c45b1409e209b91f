// The support audit list filtered by time alone is newest first by time, and its pages, followed
// by their cursors, give every row up to the bound once, in that order, even where ids and times
// disagree (a row written last with an older time) and where rows share a time. With another
// filter beside the time bound the list stays newest first by id.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { type AuditFilters, listAuditEvents } from "@/lib/support/audit-query";
import { makeUser } from "../factories";

afterAll(disconnectDb);

// A year no other test writes in, a month per test, so a bound selects only that test's rows.
const at = (month: string, s: string) => new Date(`1987-${month}-${s}Z`);

async function scene(month: string) {
  const action = `test.by-time.${randomUUID().slice(0, 8)}`;
  const ids: Record<string, string> = {};
  for (const [name, time] of [
    ["first", "01T10:00:00.000"],
    ["tie-a", "02T10:00:00.000"],
    ["tie-b", "02T10:00:00.000"],
    ["third", "03T10:00:00.000"],
    ["after-bound", "20T10:00:00.000"],
    // Written last (the highest id) with an early time, as a long transaction's row can be.
    ["late-write", "01T12:00:00.000"],
  ] as const) {
    const row = await db().auditEvent.create({ data: { actorType: "system", action, at: at(month, time) } });
    ids[name] = row.id.toString();
  }
  return { action, ids };
}

async function allPages(filters: AuditFilters, limit: number) {
  const viewer = await makeUser("support");
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listAuditEvents(viewer, filters, { cursor, limit });
    seen.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("the audit list never reached its last page");
}

describe("the support audit list by time", () => {
  it("pages newest first by time up to the bound, every row once, ties by id", async () => {
    const { ids } = await scene("06");
    const to = at("06", "10T00:00:00.000").toISOString();
    const expected = [ids.third, ids["tie-b"], ids["tie-a"], ids["late-write"], ids.first];
    for (const limit of [1, 2, 3, 50]) expect(await allPages({ to }, limit)).toEqual(expected);
    // A lower bound too.
    expect(await allPages({ from: at("06", "01T11:00:00.000").toISOString(), to }, 2)).toEqual(expected.slice(0, 4));
  });

  it("keeps id order when another filter is given with the time bound, and ignores a cursor that names no row", async () => {
    const { action, ids } = await scene("07");
    const to = at("07", "10T00:00:00.000").toISOString();
    expect(await allPages({ action, to }, 2)).toEqual([
      ids["late-write"],
      ids.third,
      ids["tie-b"],
      ids["tie-a"],
      ids.first,
    ]);
    const viewer = await makeUser("support");
    const first = await listAuditEvents(viewer, { to }, { limit: 2 });
    const stray = await listAuditEvents(viewer, { to }, { cursor: "999999999999999999", limit: 2 });
    expect(stray.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});

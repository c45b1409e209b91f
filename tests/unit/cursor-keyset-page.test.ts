// The page assembly the four (created_at, id) lists share: which row is the extra one, and when a
// next or previous page is offered.
import { describe, expect, it } from "vitest";
import { type Cursor, cursorKeysetPage, decodeCursor } from "@/lib/pagination/cursor";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
// Newest first, as the lists show them: row 9 is the newest.
const row = (n: number) => ({ n, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), id: id(n) });
const rows = (...ns: number[]) => ns.map(row);
const cursorOf = (r: { at: Date; id: string }): Cursor => ({ at: r.at, id: r.id });
const n = (raw: string | null) => (raw ? decodeCursor(raw)?.id : null);

describe("cursorKeysetPage", () => {
  it("from the top: drops the oldest extra row and offers only a next page", () => {
    const p = cursorKeysetPage(rows(9, 8, 7, 6), 3, {}, cursorOf);
    expect(p.rows.map((r) => r.n)).toEqual([9, 8, 7]);
    expect(n(p.nextCursor)).toBe(id(7));
    expect(p.prevCursor).toBeNull();
  });

  it("forwards past a cursor: a previous page from the first row, no next page on the last one", () => {
    const after = cursorOf(row(7));
    const p = cursorKeysetPage(rows(6, 5), 3, { after }, cursorOf);
    expect(p.rows.map((r) => r.n)).toEqual([6, 5]);
    expect(p.nextCursor).toBeNull();
    expect(n(p.prevCursor)).toBe(id(6));
  });

  it("walking back: drops the newest extra row; a previous page only when there was one", () => {
    const before = cursorOf(row(5));
    const more = cursorKeysetPage(rows(9, 8, 7, 6), 3, { before }, cursorOf);
    expect(more.rows.map((r) => r.n)).toEqual([8, 7, 6]);
    expect(n(more.prevCursor)).toBe(id(8));
    expect(n(more.nextCursor)).toBe(id(6));

    const top = cursorKeysetPage(rows(7, 6), 3, { before }, cursorOf);
    expect(top.rows.map((r) => r.n)).toEqual([7, 6]);
    expect(top.prevCursor).toBeNull();
    expect(n(top.nextCursor)).toBe(id(6));
  });

  it("an empty page offers neither way", () => {
    expect(cursorKeysetPage([], 3, {}, cursorOf)).toEqual({ rows: [], nextCursor: null, prevCursor: null });
  });

  it("reads back a cursor it wrote, and refuses a tampered one or a time outside the years 1000–9999", () => {
    const c = cursorOf(row(3));
    expect(decodeCursor(Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url"))).toEqual(c);
    for (const text of [
      `not-a-time|${id(1)}`,
      `${c.at.toISOString()}|not-a-uuid`,
      `+275760-09-13T00:00:00.000Z|${id(1)}`,
      `-000001-01-01T00:00:00.000Z|${id(1)}`,
      `0999-12-31T23:59:59.999Z|${id(1)}`,
      // Edited but still decoding: another date text, a part added.
      `2026-12-01|${id(1)}`,
      `${c.at.toISOString()}|${c.id}|x`,
    ])
      expect(decodeCursor(Buffer.from(text).toString("base64url")), text).toBeUndefined();
    expect(decodeCursor(Buffer.from(`9999-12-31T23:59:59.999Z|${id(1)}`).toString("base64url"))?.id).toBe(id(1));
    // A character base64url does not have, which the decoding would skip.
    const written = Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url");
    expect(decodeCursor(`${written.slice(0, 4)}*${written.slice(4)}`)).toBeUndefined();
  });
});

// What the drift check calls a difference (lib/services/drift-changes.ts): Qboxmail's in-between
// statuses are no difference, and an open finding keeps the value it first expected.
import { describe, expect, it } from "vitest";
import { changes, mergedDifferences, stillDiffering } from "@/lib/services/drift-changes";

describe("drift differences", () => {
  it("a Qboxmail status in between (updating) is no difference; enabled against disabled is", () => {
    expect(changes("qboxmail_domain", "active", { status: "enabled" }, { status: "updating" })).toEqual([]);
    expect(changes("qboxmail_manager", "active", { status: "updating" }, { status: "disabled" })).toEqual([]);
    expect(changes("qboxmail_domain", "active", { status: "enabled" }, { status: "disabled" })).toEqual([
      'status: "disabled" upstream, "enabled" expected',
    ]);
    expect(changes("qboxmail_manager", "active", { status: "disabled" }, { status: "enabled" })).toEqual([
      'status: "enabled" upstream, "disabled" expected',
    ]);
  });

  it("an open finding keeps its first expectation while the provider still differs from it", () => {
    const open = { differences: ["maxUser: 20 upstream, 10 expected", 'extname: "a" upstream, "b" expected'] };
    // The provider moved on to 30: still not the 10 expected; extname set back: that part is over.
    expect(stillDiffering(open, { maxUser: 30, extname: "b" })).toEqual(["maxUser: 30 upstream, 10 expected"]);
    expect(stillDiffering(open, { maxUser: 10, extname: "b" })).toEqual([]);
    expect(stillDiffering(null, { maxUser: 10 })).toEqual([]);
    // A fresh comparison (against a reading that holds the value in between) adds only the fields
    // the finding does not name; for those it names, its expectation decides.
    expect(
      mergedDifferences(open, { maxUser: 30, extname: "b", plan: 2 }, [
        "maxUser: 30 upstream, 20 expected",
        'extname: "b" upstream, "a" expected',
        "plan: 2 upstream, 1 expected",
      ]),
    ).toEqual(["maxUser: 30 upstream, 10 expected", "plan: 2 upstream, 1 expected"]);
  });
});

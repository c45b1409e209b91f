// Qboxmail never issues a code twice, not even after a delete (docs/upstream/qboxmail.md): a
// portal that matched a late answer by code would otherwise take a new domain for an old one.
// Random codes never collide in a test, so the numbers are drawn from a scripted sequence.
import { describe, expect, it } from "vitest";
import { QboxmailState } from "@/simulators/qboxmail/state";

const scripted = (numbers: number[]) => {
  const queue = [...numbers];
  return () => {
    const n = queue.shift();
    if (n === undefined) throw new Error("the script ran out of numbers");
    return n;
  };
};
const domain = (code: string, name: string) => ({ code, name, status: "enabled" });

describe("Qboxmail simulator codes", () => {
  it("formats domain and manager codes as D + 9 digits and MN + 8 digits", () => {
    const state = new QboxmailState(scripted([42, 42]));
    expect(state.newCode("D")).toBe("D000000042");
    expect(state.newCode("MN")).toBe("MN00000042");
  });

  it("skips a number already issued, after a delete and after a restore from a snapshot", () => {
    const state = new QboxmailState(scripted([7, 7, 8]));
    const first = state.newCode("D");
    state.addDomain(domain(first, "a.example.com"));
    state.removeDomain(first);
    // The next draw is 7 again: taken once, so 8 is used.
    expect(state.newCode("D")).toBe("D000000008");

    // A restart keeps every code issued, deleted ones included.
    const restarted = new QboxmailState(scripted([7, 8, 9]));
    restarted.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(restarted.newCode("D")).toBe("D000000009");
  });

  it("counts the codes of records in an older snapshot without an issued list as issued", () => {
    const state = new QboxmailState(scripted([3, 4]));
    state.restore({ domains: [domain("D000000003", "old.example.com")], managers: [] });
    expect(state.newCode("D")).toBe("D000000004");
  });
});

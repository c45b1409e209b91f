// Qboxmail status words compared whatever their case and surrounding spaces: the docs never say
// how Qboxmail cases its answers (docs/upstream/qboxmail-lifecycle.md), so "Enabled" is the
// settled `enabled` state everywhere a status is read (lib/services/upstream-state.ts statusWord).
import { describe, expect, it } from "vitest";
import { judgeApplied } from "@/lib/services/change-kinds";
import { changes, stillDiffering } from "@/lib/services/drift-changes";
import { stateOf, statusWord } from "@/lib/services/upstream-state";

const read = (status: unknown) => ({ found: true as const, data: { status } });

describe("status words", () => {
  it("statusWord trims and lower-cases; no word for absent or non-string values", () => {
    expect(statusWord(" Enabled ")).toBe("enabled");
    expect(statusWord("OWNERSHIP_CHECK")).toBe("ownership_check");
    expect(statusWord(undefined)).toBe("");
    expect(statusWord(null)).toBe("");
    expect(statusWord(3)).toBe("");
  });

  it("stateOf reads the states whatever their case", () => {
    expect(stateOf("qboxmail_domain", { status: "Enabled", status_detail: "ok" })).toBe("active");
    expect(stateOf("qboxmail_manager", { status: "ENABLED" })).toBe("active");
    expect(stateOf("qboxmail_domain", { status: " Disabled" })).toBe("disabled");
    expect(stateOf("qboxmail_domain", { status: "Ownership_Check" })).toBe("ownership_check");
    expect(stateOf("qboxmail_domain", { status: "Deleting" })).toBe("deleting");
    expect(stateOf("qboxmail_domain", { status: "Updating" })).toBe("in_progress");
  });

  it("after an accepted DELETE, a domain still showing Enabled is not a queued deletion", () => {
    expect(judgeApplied("qboxmail_domain", "delete", {}, read("Enabled"))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "delete", {}, read("DISABLED"))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "delete", {}, read("Ownership_check"))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "delete", {}, read("Deleting"))).toBe("waiting");
  });

  it("a suspend or resume read back in another case is applied, not under way", () => {
    expect(judgeApplied("qboxmail_domain", "suspend", {}, read("Disabled"))).toBe("applied");
    expect(judgeApplied("qboxmail_manager", "resume", {}, read(" ENABLED "))).toBe("applied");
    expect(judgeApplied("qboxmail_domain", "resume", {}, read("Disabled"))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "resume", {}, read("Updating"))).toBe("waiting");
  });

  it("a settings change read back under way is waited for until the status settles; grommunio has no such status", () => {
    const set = { set: { max_email_accounts: 7 } };
    const under = (status: string, n: number) => ({ found: true as const, data: { status, max_email_accounts: n } });
    expect(judgeApplied("qboxmail_domain", "change", set, under("Updating", 5))).toBe("waiting");
    expect(judgeApplied("qboxmail_manager", "change", { password: true }, under("updating", 5))).toBe("waiting");
    expect(judgeApplied("qboxmail_domain", "change", set, under("Updating", 7))).toBe("applied");
    expect(judgeApplied("qboxmail_domain", "change", set, under("Enabled", 5))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "change", { password: true }, under("enabled", 5))).toBe("pending");
    expect(judgeApplied("qboxmail_domain", "change", set, { found: true, data: { max_email_accounts: 5 } })).toBe(
      "pending",
    );
    expect(
      judgeApplied(
        "grommunio_server",
        "change",
        { set: { extname: "b" } },
        { found: true, data: { status: "x", extname: "a" } },
      ),
    ).toBe("pending");
  });

  it("drift: the same status in another case is no difference; another settled status is", () => {
    expect(changes("qboxmail_domain", "active", { status: "enabled" }, { status: "Enabled" })).toEqual([]);
    expect(changes("qboxmail_domain", "active", { status: "Enabled" }, { status: "DISABLED" })).toEqual([
      'status: "DISABLED" upstream, "Enabled" expected',
    ]);
    const open = { differences: ['status: "disabled" upstream, "enabled" expected'] };
    expect(stillDiffering(open, { status: "Enabled" })).toEqual([]);
    expect(stillDiffering(open, { status: "Disabled" })).toEqual(['status: "Disabled" upstream, "enabled" expected']);
  });
});

// How a provider's reading becomes the portal's state word (lib/services/upstream-state.ts), for
// Qboxmail's status / status_detail pairs as docs/upstream/qboxmail-lifecycle.md maps them.
import { describe, expect, it } from "vitest";
import { isUpstreamState, stateOf, UPSTREAM_STATES } from "@/lib/services/upstream-state";

describe("Qboxmail domain state", () => {
  it("enabled with ok is active; enabled with any other detail is active with MX records to fix", () => {
    expect(stateOf("qboxmail_domain", { status: "enabled", status_detail: "ok" })).toBe("active");
    expect(stateOf("qboxmail_domain", { status: "enabled", status_detail: " OK " })).toBe("active");
    for (const detail of ["mx_check_failed", "record_mx", "mx records to verify", "waiting"])
      expect(stateOf("qboxmail_domain", { status: "enabled", status_detail: detail })).toBe("active_mx_to_fix");
  });

  it("no detail in the reply is no alarm: active", () => {
    expect(stateOf("qboxmail_domain", { status: "enabled" })).toBe("active");
    expect(stateOf("qboxmail_domain", { status: "enabled", status_detail: null })).toBe("active");
    expect(stateOf("qboxmail_domain", { status: "enabled", status_detail: "" })).toBe("active");
  });

  it("the detail never turns another status into active, nor into a failure", () => {
    expect(stateOf("qboxmail_domain", { status: "ownership_check", status_detail: "waiting_ownership" })).toBe(
      "ownership_check",
    );
    expect(stateOf("qboxmail_domain", { status: "disabled", status_detail: "disabled" })).toBe("disabled");
    expect(stateOf("qboxmail_domain", { status: "updating", status_detail: "mx_check_failed" })).toBe("in_progress");
  });

  it("a manager has no MX records: enabled is active whatever detail it carries", () => {
    expect(stateOf("qboxmail_manager", { status: "enabled", status_detail: "something" })).toBe("active");
  });

  it("the new state is a state word pages can name", () => {
    expect(UPSTREAM_STATES).toContain("active_mx_to_fix");
    expect(isUpstreamState("active_mx_to_fix")).toBe(true);
  });
});

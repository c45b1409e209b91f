// A list sent whole (a manager's domains, a domain's allowed networks) stores the list the change
// started from, and a late send is refused when the provider's list moved since: neither what the
// change found nor what it sets (lib/services/whole-lists.ts).
import { describe, expect, it } from "vitest";
import { listMovedSince, listsBefore, storedListsBefore } from "@/lib/services/whole-lists";

describe("whole lists a change sends", () => {
  it("stores the list as the reading held it, only for the kind's whole list and when the change sets it", () => {
    const reading = { allow_nets: ["192.0.2.0/24"], domain_codes: ["D1"] };
    expect(listsBefore("qboxmail_domain", { allow_nets: ["198.51.100.7"] }, reading)).toEqual({
      allow_nets: ["192.0.2.0/24"],
    });
    expect(listsBefore("qboxmail_manager", { domain_codes: [] }, reading)).toEqual({ domain_codes: ["D1"] });
    expect(listsBefore("qboxmail_domain", { plan: "enterprise" }, reading)).toBeUndefined();
    expect(listsBefore("grommunio_domain", { allow_nets: [] }, reading)).toBeUndefined();
    // A reading without the list, or none at all: nothing to compare with later.
    expect(listsBefore("qboxmail_domain", { allow_nets: [] }, {})).toBeUndefined();
    expect(listsBefore("qboxmail_domain", { allow_nets: [] }, null)).toBeUndefined();
  });

  it("reads a stored list back only as strings under the kind's field", () => {
    expect(storedListsBefore("qboxmail_manager", { domain_codes: ["D1", "D2"] })).toEqual({
      domain_codes: ["D1", "D2"],
    });
    expect(storedListsBefore("qboxmail_manager", { domain_codes: [1] })).toBeUndefined();
    expect(storedListsBefore("qboxmail_manager", { allow_nets: ["x"] })).toBeUndefined();
    expect(storedListsBefore("qboxmail_manager", "D1")).toBeUndefined();
  });

  it("names the list that moved at the provider: not as found, not as set; order and repeats aside", () => {
    const payload = { set: { allow_nets: ["10.0.0.0/8", "192.0.2.1"] }, before: { allow_nets: ["192.0.2.1"] } };
    expect(listMovedSince(payload, { allow_nets: ["192.0.2.1"] })).toBeUndefined();
    expect(listMovedSince(payload, { allow_nets: ["192.0.2.1", "10.0.0.0/8"] })).toBeUndefined();
    expect(listMovedSince(payload, { allow_nets: ["192.0.2.1", "192.0.2.1"] })).toBeUndefined();
    expect(listMovedSince(payload, { allow_nets: ["192.0.2.1", "203.0.113.9"] })).toBe("allow_nets");
    expect(listMovedSince(payload, { allow_nets: [] })).toBe("allow_nets");
    // A reading without the list says nothing; a change placed before lists were stored sends as before.
    expect(listMovedSince(payload, { plan: "enterprise" })).toBeUndefined();
    expect(listMovedSince({ set: payload.set }, { allow_nets: [] })).toBeUndefined();
  });
});

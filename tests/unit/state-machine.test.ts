import { describe, expect, it } from "vitest";
import { OrderStatus } from "@/lib/generated/prisma/enums";
import { canTransition, clearsSecret, requiresPerson } from "@/lib/orders/state-machine";

// Every status of the Prisma enum, so a status added later is checked against the table too.
const ALL: OrderStatus[] = Object.values(OrderStatus);

// The steps of docs/design.md "Order states and transitions", written out independently of the
// module as "from → to | to", one line per status; a star marks a step only a person may take
// (docs/decisions/0002-person-only-transitions.md): support's "retry now" (retrying → queued)
// and "mark resolved by hand" (failed | held → succeeded), and everything out of failed or held.
const DESIGN = `
  pending → queued | cancelled
  queued → provisioning | cancelled
  provisioning → succeeded | retrying | unknown | held | failed
  retrying → provisioning | queued* | cancelled
  unknown → provisioning | succeeded | failed
  held → queued* | succeeded* | cancelled*
  failed → queued* | succeeded* | cancelled*
`;
const STEPS = DESIGN.trim()
  .split("\n")
  .flatMap((line) => {
    const [from = "", targets = ""] = line.split("→").map((part) => part.trim());
    return targets.split("|").map((target) => {
      const to = target.trim();
      return { step: `${from}>${to.replace("*", "")}`, person: to.endsWith("*") };
    });
  });
const ALLOWED = new Set(STEPS.map((s) => s.step));
const PERSON_ONLY = new Set(STEPS.filter((s) => s.person).map((s) => s.step));

describe("order state machine", () => {
  it("allows exactly the transitions of the design and nothing else", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(ALLOWED.has(`${from}>${to}`));
      }
    }
  });

  it("leaves failed and held orders, and skipping a backoff, to people", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect(requiresPerson(from, to), `${from} → ${to}`).toBe(PERSON_ONLY.has(`${from}>${to}`));
      }
    }
  });

  it("has no way out of succeeded and cancelled", () => {
    for (const to of ALL) {
      expect(canTransition("succeeded", to), `succeeded → ${to}`).toBe(false);
      expect(canTransition("cancelled", to), `cancelled → ${to}`).toBe(false);
    }
  });

  it("cannot cancel an order while an upstream call may be in flight", () => {
    expect(canTransition("provisioning", "cancelled")).toBe(false);
    expect(canTransition("unknown", "cancelled")).toBe(false);
  });

  it("drops the sealed secret on terminal states only", () => {
    expect(ALL.filter(clearsSecret).sort()).toEqual(["cancelled", "succeeded"]);
  });
});

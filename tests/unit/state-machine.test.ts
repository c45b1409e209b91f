import { describe, expect, it } from "vitest";
import { OrderStatus } from "@/lib/generated/prisma/enums";
import { canTransition, clearsSecret, requiresPerson, TRANSITIONS } from "@/lib/orders/state-machine";

// Every status of the Prisma enum, so a status added later is checked against the table too.
const ALL: OrderStatus[] = Object.values(OrderStatus);

// The table of docs/design.md invariant 3, written out independently of the module, plus the
// person-only steps the support console needs: "retry now" (retrying → queued) and "mark resolved by hand"
// (failed | held → succeeded).
const ALLOWED = new Set([
  "pending>queued",
  "queued>provisioning",
  "provisioning>succeeded",
  "provisioning>retrying",
  "provisioning>unknown",
  "provisioning>held",
  "provisioning>failed",
  "retrying>provisioning",
  "unknown>provisioning",
  "unknown>succeeded",
  "unknown>failed",
  "held>queued",
  "failed>queued",
  "pending>cancelled",
  "queued>cancelled",
  "retrying>cancelled",
  "held>cancelled",
  "failed>cancelled",
  "retrying>queued",
  "failed>succeeded",
  "held>succeeded",
]);
const PERSON_ONLY = [
  "failed>queued",
  "failed>succeeded",
  "failed>cancelled",
  "held>queued",
  "held>succeeded",
  "retrying>queued",
];

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
        expect(requiresPerson(from, to), `${from} → ${to}`).toBe(PERSON_ONLY.includes(`${from}>${to}`));
      }
    }
  });

  it("has no way out of succeeded and cancelled", () => {
    expect(TRANSITIONS.succeeded).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
  });

  it("cannot cancel an order while an upstream call may be in flight", () => {
    expect(canTransition("provisioning", "cancelled")).toBe(false);
    expect(canTransition("unknown", "cancelled")).toBe(false);
  });

  it("drops the sealed secret on terminal states only", () => {
    expect(ALL.filter(clearsSecret).sort()).toEqual(["cancelled", "succeeded"]);
  });
});

// Reconciliation after a lost answer: a resource found under the order's name is adopted only
// when it matches what the order sent (docs/design.md invariant 2, "found and matching").

import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fault, fileTenant, forms, isFinal, ledgerFor, place, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ worker: { UPSTREAM_TIMEOUT_MS: "1500" } });

describe("a name found after a lost answer", () => {
  it("is not adopted when someone else created it with other settings in the meantime", async () => {
    const name = `race${uniq()}.example.com`;
    // Our create never reaches the upstream, but the worker cannot know that: the order is unknown.
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name)); // plan: professional
    if (!r.ok) throw new Error("not placed");
    expect(await waitForOrder(r.orderId, (o) => o.status === "unknown" || isFinal(o))).toMatchObject({
      status: "unknown",
    });

    // Before the worker looks the name up, another client of the upstream creates it on "basic".
    const other = await fetch(`${process.env.QBOXMAIL_API_URL}/api/domains`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-token": process.env.QBOXMAIL_API_TOKEN! },
      body: JSON.stringify({
        name,
        postmaster_password: "Other-pass-1",
        postmaster_password_confirmation: "Other-pass-1",
        plan: "basic",
      }),
    });
    expect(other.status).toBe(201);

    const o = await waitForOrder(r.orderId, isFinal);
    expect(o.status).toBe("failed");
    expect(o.upstreamRef).toBeNull();
    expect(o.lastError).toBe(
      `${name} exists upstream but does not match this order (plan: "professional" ordered, a different value upstream), so it was not adopted. Check it by hand.`,
    );
    const attempts = await db().attempt.findMany({ where: { orderId: r.orderId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["create:unknown", "lookup:found"]);
    expect((await ledgerFor("qboxmail", name)).created).toHaveLength(1); // only the other client's
  });
});

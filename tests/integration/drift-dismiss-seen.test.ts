// A dismissed "changed" finding stays dismissed while its details stay the same
// (lib/services/drift-changes.ts recordFinding), so a dismissal must accept only the differences
// the person was shown. A reading rewrites an open finding's details in place; a dismissal sent
// from a page loaded before that is refused, and the finding stays open with what is new.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { dismissFinding } from "@/lib/services/drift-actions";
import { recordFinding } from "@/lib/services/drift-changes";
import { makeService, makeTenant, makeUser } from "../factories";
import { seenOf } from "../support/finding-seen";

afterAll(() => disconnectDb());

describe("dismissing a drift finding", () => {
  it("is refused when a reading changed the differences since the page showed them", async () => {
    const t = await makeTenant();
    const staff = await makeUser("support");
    const support = { id: staff.id, role: "support" as const, email: staff.email };
    const service = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const finding = {
      provider: service.provider,
      kind: service.kind,
      type: "changed" as const,
      upstreamRef: service.upstreamRef!,
      naturalKey: service.naturalKey,
      serviceId: service.id,
      resellerId: t.reseller.id,
    };
    const first = { differences: ["max_accounts: expected 10, found 20"] };
    await recordFinding({ ...finding, details: first });
    const open = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: finding.upstreamRef, type: "changed", resolvedAt: null },
    });
    const seenOnThePage = await seenOf(open.id);

    // A reading after the page was loaded finds one more difference.
    const both = { differences: [...first.differences, "catch_all: expected off, found on"] };
    await recordFinding({ ...finding, details: both });

    const refused = await dismissFinding(support, open.id, "Raised in the panel on purpose", seenOnThePage);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/changed since the page was loaded/) });
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: open.id } })).resolvedAt).toBeNull();

    // Read again, it is dismissed, and the trail says which differences were let stand.
    expect(
      await dismissFinding(support, open.id, "Both set in the panel on purpose", await seenOf(open.id)),
    ).toMatchObject({ ok: true });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "service.drift_dismissed", after: { path: ["findingId"], equals: open.id } },
    });
    expect(audit.after).toMatchObject({ name: service.naturalKey, details: both });
    // The same differences again do not open it again; a new one does.
    await recordFinding({ ...finding, details: both });
    expect(await db().driftFinding.count({ where: { upstreamRef: finding.upstreamRef, resolvedAt: null } })).toBe(0);
  });

  it("keeps a dismissed unowned resource dismissed after its status flickered for one run", async () => {
    const staff = await makeUser("support");
    const support = { id: staff.id, role: "support" as const, email: staff.email };
    const ref = `unowned-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const unowned = (status: string) =>
      recordFinding({
        provider: "qboxmail",
        kind: "qboxmail_domain",
        type: "unowned",
        upstreamRef: ref,
        naturalKey: `${ref}.example`,
        details: { status },
      });
    const openOne = () => db().driftFinding.findFirst({ where: { upstreamRef: ref, resolvedAt: null } });
    await unowned("enabled");
    const first = (await openOne())!;
    expect(
      await dismissFinding(support, first.id, "The provider's own test domain", await seenOf(first.id)),
    ).toMatchObject({
      ok: true,
    });
    // One run lists it "updating" (a finding of its own), the next lists it as dismissed again,
    // and the run's end clears the "updating" one (lib/services/drift.ts).
    await unowned("updating");
    const flicker = (await openOne())!;
    expect(flicker.details).toEqual({ status: "updating" });
    await db().driftFinding.update({
      where: { id: flicker.id },
      data: { resolvedAt: new Date(), resolution: "cleared" },
    });
    await unowned("enabled");
    expect(await openOne()).toBeNull();
  });
});

// The drift check finds a resource deleted behind the portal's back and one nobody owns; support
// marks the first gone (freeing the limit) and adopts the second; each action is audited and
// nothing upstream changes.
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { FindingTable } from "@/app/support/drift/_components/finding-table";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { runDriftCheck } from "@/lib/services/drift";
import { adoptFinding, dismissFinding, markGone, readFindingResource } from "@/lib/services/drift-actions";
import { recordFinding } from "@/lib/services/drift-changes";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { identitySeen } from "@/lib/services/drift-seen";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import it_ from "@/messages/it.json";
import { registerGrommunioServer, shareGrommunioServer } from "../../scripts/lib/shared-grommunio-server";
import { giveUsableGrommunioServer, makeOrder } from "../factories";
import { adoptAsPageWould, seenOf } from "../support/finding-seen";
import { renderIn, visibleOwnText } from "../support/german-markup";
import { createUpstream, grommunioApi, qboxmailApi as qbox } from "./another-client";
import {
  clearFaults,
  fault,
  forms,
  isFinal,
  makeTenant,
  pipelineFileHooks,
  startWorker,
  succeededService,
  type Tenant,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

let t: Tenant;
let support: Viewer;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    const u = await db().user.create({
      data: { email: `support-${uniq()}@example.test`, name: "Sup", role: "support", passwordHash: "x" },
    });
    support = { id: u.id, role: "support", email: u.email };
    await startWorker({ UPSTREAM_TIMEOUT_MS: "1500" });
  },
});

describe("drift check", () => {
  it("finds a domain deleted behind the portal's back; support marks it gone", async () => {
    const name = `drift${uniq()}.example.com`;
    const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(name));
    expect((await qbox(`/api/domains/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);

    const run = await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(run.ran).toBe(true);
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: service.upstreamRef, type: "missing", resolvedAt: null },
    });
    expect(finding).toMatchObject({ serviceId: service.id, resellerId: t.reseller.id });
    // Nothing changed by itself.
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");

    // A reason is required, and kept on the audit event.
    for (const reason of ["", "  ok  ", "\u0007bad"])
      expect(await markGone(support, finding.id, reason)).toMatchObject({ ok: false, field: "reason" });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    expect(await markGone(support, finding.id, "Deleted in the Qboxmail panel by the customer")).toMatchObject({
      ok: true,
    });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("gone");
    const events = await db().auditEvent.findMany({
      where: { action: "service.marked_gone", after: { path: ["serviceId"], equals: service.id } },
    });
    expect(events.map((e) => e.reason)).toEqual(["Deleted in the Qboxmail panel by the customer"]);
  });

  it("records a missing domain it could not confirm as a problem its page words in Italian, not English", async () => {
    const name = `unread${uniq()}.example.com`;
    const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(name));
    expect((await qbox(`/api/domains/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    // The list no longer has it; the read that would confirm it fails.
    await fault("qboxmail", {
      method: "GET",
      path: `/api/domains/${service.upstreamRef}`,
      action: "status",
      status: 503,
      count: 5,
    });
    await runDriftCheck({ perPage: 50, pauseMs: 0, minIntervalMs: 0 });
    await clearFaults();
    const run = await db().driftRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    const line = run.message?.split("\n").find((l) => l.includes(service.upstreamRef));
    expect(line).toBeDefined();
    const italian = createTranslator({ locale: "it", messages: it_, namespace: "portalTexts" });
    const worded = portalTextIn(line!, italian as never);
    expect(worded).toMatch(
      new RegExp(
        `^non è stato possibile leggere qboxmail_domain ${service.upstreamRef}: errore del server Qboxmail \\(503\\)`,
      ),
    );
    expect(worded).not.toMatch(/Try again/);
  });

  it("does not mark gone, nor say so, a service that ended meanwhile", async () => {
    const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain());
    expect((await qbox(`/api/domains/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: service.upstreamRef, type: "missing", resolvedAt: null },
    });
    // Its delete order finished between the finding and support's action.
    await db().service.update({ where: { id: service.id }, data: { status: "deleted", endedAt: new Date() } });
    expect(await markGone(support, finding.id, "Deleted in the panel")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ended meanwhile/),
    });
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("deleted");
    await dismissFinding(support, finding.id, "Ended by its delete order", await seenOf(finding.id));
  });

  it("does not read a managers list that answers 404 as empty while managers are live: none is called missing", async () => {
    const { service } = await succeededService(t, "qboxmail_manager", forms.qboxmail_manager());
    // The list route answers 404, as a Qboxmail without it would (its path is not documented).
    await fault("qboxmail", { method: "GET", path: "/api/managers", action: "status", status: 404, count: 5 });
    const run = await runDriftCheck({ perPage: 50, pauseMs: 0 });
    await clearFaults();
    expect(run.ran).toBe(true);
    expect(
      await db().driftFinding.count({ where: { upstreamRef: service.upstreamRef, type: "missing", resolvedAt: null } }),
    ).toBe(0);
    const last = await db().driftRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(last.message).toMatch(/qboxmail_manager: the list answered 404/);
  });

  it("finds a domain nobody owns; support adopts it into a customer", async () => {
    const name = `stray${uniq()}.example.com`;
    const res = await createUpstream("qboxmail", "/api/domains", {
      name,
      postmaster_password: "Stray-pass-42",
      postmaster_password_confirmation: "Stray-pass-42",
      company: "Stray Company Srl",
    });
    expect(res.status).toBe(201);
    const code = res.json.resource_code as string;
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: code, type: "unowned", resolvedAt: null },
    });
    expect(finding.naturalKey).toBe(name);

    // No reason, or one too short: refused at the reason, nothing adopted.
    for (const reason of [undefined, "", "ok"])
      expect(await adoptAsPageWould(support, finding.id, t.customer.id, reason)).toMatchObject({
        ok: false,
        field: "reason",
        message: "Give a reason (at least 3 characters): it is kept in the audit log",
      });
    expect(await db().service.count({ where: { upstreamRef: code } })).toBe(0);
    // The page shows whose the provider says it is: read now, by its reference.
    expect(await readFindingResource(support, finding)).toEqual({
      state: "found",
      identity: [
        { field: "name", value: name },
        { field: "company", value: "Stray Company Srl" },
      ],
      owner: null,
    });
    // A page loaded while the provider said something else of it (another company, another
    // reseller's customer code): what its confirmation said no longer holds, so it is refused.
    const shownBefore = identitySeen(
      [
        { field: "name", value: name },
        { field: "company", value: "Former Company Srl" },
      ],
      null,
    );
    expect(await adoptFinding(support, finding.id, t.customer.id, "From an old page", shownBefore)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/changed since the page was loaded/),
    });
    // A page that could not read the resource showed no owner: it says so, not that one changed.
    expect(await adoptFinding(support, finding.id, t.customer.id, "From a page that read nothing", "")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/could not read .* when it was loaded/),
    });
    expect(await db().service.count({ where: { upstreamRef: code } })).toBe(0);
    expect(
      await adoptAsPageWould(support, finding.id, t.customer.id, "Ticket 4711: the customer's domain"),
    ).toMatchObject({
      ok: true,
      message: `${name} now belongs to ${t.customer.name} (reseller ${t.reseller.name}).`,
    });
    const adopted = await db().service.findFirstOrThrow({ where: { upstreamRef: code, status: "active" } });
    expect(adopted).toMatchObject({ customerId: t.customer.id, resellerId: t.reseller.id, kind: "qboxmail_domain" });
    const audited = await db().auditEvent.findFirstOrThrow({
      where: { action: "service.adopted", after: { path: ["findingId"], equals: finding.id } },
    });
    expect(audited).toMatchObject({
      actorId: support.id,
      resellerId: t.reseller.id,
      reason: "Ticket 4711: the customer's domain",
    });
    expect(audited.after).toMatchObject({
      serviceId: adopted.id,
      upstreamRef: code,
      customerId: t.customer.id,
      identity: { name, company: "Stray Company Srl" },
    });
    // Now owned, the next check finds nothing to adopt.
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: { upstreamRef: code, type: "unowned", resolvedAt: null } })).toBe(0);
    // A finding of the same resource still open (two support engineers, two tabs) is refused by
    // the one-live-owner rule, with words, and leaves one owner.
    const stale = await db().driftFinding.create({
      data: { provider: "qboxmail", kind: "qboxmail_domain", upstreamRef: code, naturalKey: name, type: "unowned" },
    });
    expect(await adoptAsPageWould(support, stale.id, t.customer.id, "Second tab")).toEqual({
      ok: false,
      message: "Another service already owns this resource.",
    });
    expect(await db().service.count({ where: { upstreamRef: code, status: "active" } })).toBe(1);
    await db().driftFinding.update({
      where: { id: stale.id },
      data: { resolvedAt: new Date(), resolution: "dismissed" },
    });
  });

  it("finds a grommunio domain restored after the portal deleted it: unowned, naming the ended service", async () => {
    const name = `restored${uniq()}.example.com`;
    await giveUsableGrommunioServer(t);
    const { service } = await succeededService(t, "grommunio_domain", forms.grommunio_domain(name));
    const del = await placeChange(t.user, {
      serviceId: service.id,
      action: "delete",
      idempotencyKey: `del-${uniq()}`,
      confirmName: service.naturalKey,
    });
    if (!del.ok) throw new Error(JSON.stringify(del));
    expect((await waitForOrder(del.orderId, isFinal)).status).toBe("succeeded");
    const unowned = { upstreamRef: service.upstreamRef, type: "unowned", resolvedAt: null };
    // Soft-deleted (kept, status 3): the portal's own ended service, nothing to report.
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: unowned })).toBe(0);

    // An administrator restores it at grommunio: live again, and no longer anyone's in the portal.
    const patched = await grommunioApi("PATCH", `/system/domains/${service.upstreamRef}`, { domainStatus: 0 });
    expect(patched.status).toBe(200);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({ where: unowned });
    expect(finding.details).toEqual({ status: 0, restoredAfterService: service.id });
    // The console's row says what happened, in the viewer's language.
    const row = visibleOwnText(renderIn("de", createElement(FindingTable, { findings: [finding] })));
    expect(row).toContain("Beim Anbieter wiederhergestellt, nachdem das Portal es gelöscht hatte");
    expect(await adoptAsPageWould(support, finding.id, t.customer.id, "Restored on purpose")).toMatchObject({
      ok: true,
    });
    // Per kind: a grommunio server's ID can be the same number as this domain's (other files' servers).
    expect(
      await db().service.count({
        where: { kind: "grommunio_domain", upstreamRef: service.upstreamRef, status: "active" },
      }),
    ).toBe(1);
  });

  it("a server an admin shared with a reseller is the provider's own, not an unowned resource", async () => {
    const serverId = await registerGrommunioServer(`shared${uniq()}.example.test`);
    const unowned = {
      upstreamRef: String(serverId),
      kind: "grommunio_server" as const,
      type: "unowned",
      resolvedAt: null,
    };
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: unowned })).toBe(1);
    const admin: Viewer = { id: support.id, role: "admin", email: "admin@example.test" };
    await shareGrommunioServer(admin, t.reseller.id, serverId, "shared pool");
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: unowned })).toBe(0);
  });

  it("does not call the portal's own change one made outside it before the service is read again; a change made outside it is found", async () => {
    const { service } = await succeededService(
      t,
      "grommunio_server",
      forms.grommunio_server(`mx${uniq()}.example.com`),
    );
    expect((await refreshService(service)).ok).toBe(true);
    const changedFindings = () =>
      db().driftFinding.count({
        where: { kind: "grommunio_server", upstreamRef: service.upstreamRef, type: "changed", resolvedAt: null },
      });
    // Through the portal: succeeded, the service not read since (its settings hold the old name).
    const placed = await placeChange(t.user, {
      serviceId: service.id,
      action: "change",
      idempotencyKey: `chg-${uniq()}`,
      form: { extname: `new-${uniq()}.example.com` },
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    expect(await waitForOrder(placed.orderId, isFinal, 40_000)).toMatchObject({ status: "succeeded" });
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await changedFindings()).toBe(0);
    // Read again, then changed in grommunio's own panel: that one is found.
    expect((await refreshService(service)).ok).toBe(true);
    const panel = await grommunioApi("PATCH", `/system/servers/${service.upstreamRef}`, {
      extname: `panel-${uniq()}.example.com`,
    });
    expect(panel.status).toBe(200);
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await changedFindings()).toBe(1);
  });

  it("a change made in the provider's panel stays found after the sweep reads it, until the provider shows the expected value again", async () => {
    const { service } = await succeededService(
      t,
      "grommunio_server",
      forms.grommunio_server(`mx${uniq()}.example.com`),
    );
    expect((await refreshService(service)).ok).toBe(true);
    const original = String(
      ((await db().service.findUniqueOrThrow({ where: { id: service.id } })).settings as { extname: string }).extname,
    );
    const open = () =>
      db().driftFinding.findMany({
        where: { kind: "grommunio_server", upstreamRef: service.upstreamRef, type: "changed", resolvedAt: null },
      });
    const panel = `panel-${uniq()}.example.com`;
    expect((await grommunioApi("PATCH", `/system/servers/${service.upstreamRef}`, { extname: panel })).status).toBe(
      200,
    );
    // The sweep (or a page view) reads it before any drift run: found by that reading.
    expect((await refreshService(service)).ok).toBe(true);
    const expected = [`extname: ${JSON.stringify(panel)} upstream, ${JSON.stringify(original)} expected`];
    expect((await open()).map((f) => f.details)).toEqual([{ differences: expected }]);
    // The reading now holds the panel's value; the run still compares with what was expected.
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect((await open()).map((f) => f.details)).toEqual([{ differences: expected }]);
    expect((await refreshService(service)).ok).toBe(true);
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await open()).toHaveLength(1);
    // Set back at the provider: over.
    expect((await grommunioApi("PATCH", `/system/servers/${service.upstreamRef}`, { extname: original })).status).toBe(
      200,
    );
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await open()).toHaveLength(0);
    expect(
      await db().driftFinding.findFirstOrThrow({
        where: { kind: "grommunio_server", upstreamRef: service.upstreamRef, type: "changed" },
      }),
    ).toMatchObject({ resolution: "cleared" });
    // Its return is no change of its own, though the last reading held the panel's value: not
    // found again, by a reading or by the next runs.
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect((await refreshService(service)).ok).toBe(true);
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await open()).toHaveLength(0);
  });

  it("a second change at the provider, read while a finding is open, joins that finding", async () => {
    const { service } = await succeededService(t, "grommunio_domain", forms.grommunio_domain(`j${uniq()}.example.com`));
    expect((await refreshService(service)).ok).toBe(true);
    const before = (await db().service.findUniqueOrThrow({ where: { id: service.id } })).settings as {
      maxUser: number;
    };
    const patch = async (body: Record<string, unknown>) => {
      expect((await grommunioApi("PATCH", `/system/domains/${service.upstreamRef}`, body)).status).toBe(200);
      expect((await refreshService(service)).ok).toBe(true);
    };
    await patch({ maxUser: before.maxUser + 7 });
    await patch({ domainStatus: 1 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { kind: "grommunio_domain", upstreamRef: service.upstreamRef, type: "changed", resolvedAt: null },
    });
    expect(finding.details).toEqual({
      differences: [
        `maxUser: ${before.maxUser + 7} upstream, ${before.maxUser} expected`,
        "domainStatus: 1 upstream, 0 expected",
      ],
    });
    // Both stay found by the next run, though the readings hold both values now.
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
  });

  it("an unowned resource support dismissed is not reported again while it is the same", async () => {
    const name = `left${uniq()}.example.com`;
    const res = await createUpstream("qboxmail", "/api/domains", {
      name,
      postmaster_password: "Left-pass-42",
      postmaster_password_confirmation: "Left-pass-42",
    });
    expect(res.status).toBe(201);
    const code = res.json.resource_code as string;
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: code, type: "unowned", resolvedAt: null },
    });
    expect(
      await dismissFinding(
        support,
        finding.id,
        "A test domain of the provider's, left alone",
        await seenOf(finding.id),
      ),
    ).toMatchObject({
      ok: true,
    });
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: { upstreamRef: code, type: "unowned" } })).toBe(1);
  });

  it("does not compare a reading stored after the lists were asked for: it is newer than the listed item", async () => {
    const { service } = await succeededService(
      t,
      "grommunio_server",
      forms.grommunio_server(`mx${uniq()}.example.com`),
    );
    expect((await refreshService(service)).ok).toBe(true);
    // As if the sweep had read the server while the lists were being read, and grommunio's panel
    // had changed its external name between the listing and that read.
    await db().$executeRaw`UPDATE service SET settings = jsonb_set(settings, '{extname}', '"moved.example.com"'),
      read_at = now() + interval '1 minute' WHERE id = ${service.id}::uuid`;
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    const changed = { kind: "grommunio_server" as const, upstreamRef: service.upstreamRef, type: "changed" };
    expect(await db().driftFinding.count({ where: changed })).toBe(0);
    // The same reading stored before the lists were asked for differs from them: found.
    await db().$executeRaw`UPDATE service SET read_at = now() - interval '1 minute' WHERE id = ${service.id}::uuid`;
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: { ...changed, resolvedAt: null } })).toBe(1);
    // Read again during a later run's listing: not compared then, and the finding stays open.
    await db().$executeRaw`UPDATE service SET read_at = now() + interval '1 minute' WHERE id = ${service.id}::uuid`;
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    expect(await db().driftFinding.count({ where: { ...changed, resolvedAt: null } })).toBe(1);
    expect(await db().driftFinding.count({ where: changed })).toBe(1);
  });

  it("finds a live grommunio domain deleted in grommunio's panel, also once the sweep has read it so", async () => {
    const { service } = await succeededService(
      t,
      "grommunio_domain",
      forms.grommunio_domain(`sd${uniq()}.example.com`),
    );
    expect((await refreshService(service)).ok).toBe(true);
    const deleted = await grommunioApi("DELETE", `/system/domains/${service.upstreamRef}`);
    expect(deleted.status).toBe(200);
    // The sweep reads it: its state is now grommunio's "deleted", and the service is still live.
    expect((await refreshService(service)).ok).toBe(true);
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      status: "active",
      upstreamState: "soft_deleted",
    });
    await runDriftCheck({ perPage: 100, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { kind: "grommunio_domain", upstreamRef: service.upstreamRef, type: "changed", resolvedAt: null },
    });
    expect(finding.details).toEqual({ differences: ["domainStatus: 3 upstream, 0 expected"] });
  });

  it("leaves a service with a change on its way out of the comparison: a deletion in progress is not 'missing'", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`going${uniq()}.example.com`),
    );
    // The reseller's delete is open (held for a person, so no worker runs it) and the domain is gone.
    const del = await makeOrder({
      tenant: t,
      status: "held",
      action: "delete",
      serviceId: service.id,
      naturalKey: service.naturalKey,
      upstreamRef: service.upstreamRef,
      payload: { purge: false },
    });
    expect((await qbox(`/api/domains/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    const missing = () =>
      db().driftFinding.count({ where: { upstreamRef: service.upstreamRef, type: "missing", resolvedAt: null } });
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await missing()).toBe(0);
    // Once the order has ended without removing the service, the check compares it again.
    await db().order.update({ where: { id: del.id }, data: { status: "cancelled" } });
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    expect(await missing()).toBe(1);
  });

  it("keeps a service's open findings open while a change of it is on its way, instead of clearing them unseen", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`waits${uniq()}.example.com`),
    );
    // A difference an earlier run or a reading recorded, then the reseller's suspend, held for a person.
    await recordFinding({
      provider: "qboxmail",
      kind: "qboxmail_domain",
      type: "changed",
      upstreamRef: service.upstreamRef,
      naturalKey: service.naturalKey,
      serviceId: service.id,
      resellerId: t.reseller.id,
      details: { differences: ["max_accounts: expected 10, found 20"] },
    });
    await makeOrder({
      tenant: t,
      status: "held",
      action: "suspend",
      serviceId: service.id,
      naturalKey: service.naturalKey,
      upstreamRef: service.upstreamRef,
      payload: {},
    });
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const open = await db().driftFinding.findFirst({
      where: { upstreamRef: service.upstreamRef, type: "changed", resolvedAt: null },
    });
    expect(open?.details).toEqual({ differences: ["max_accounts: expected 10, found 20"] });
  });

  it("marks gone or re-creates only while the provider still answers 'not found'; one person closes a finding", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`back${uniq()}.example.com`),
    );
    // A finding from a pass that skipped the domain (an offset page shifted meanwhile): it is there.
    const finding = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: service.upstreamRef,
        naturalKey: service.naturalKey,
        type: "missing",
        serviceId: service.id,
        resellerId: t.reseller.id,
      },
    });
    for (const act of [markGone, recreateFinding]) {
      const r = await act(support, finding.id, "The check says it is missing");
      expect(r).toMatchObject({ ok: false, message: expect.stringContaining("is at the provider now") });
    }
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    expect(await db().order.count({ where: { idempotencyKey: `recreate-${finding.id}` } })).toBe(0);

    // A dismissal needs a reason too.
    expect(await dismissFinding(support, finding.id, " x ", await seenOf(finding.id))).toMatchObject({
      ok: false,
      field: "reason",
    });
    // Two people dismiss it at the same moment: one does, the other is told it is closed.
    const both = await Promise.all([
      dismissFinding(support, finding.id, "Seen in the panel, it is there", await seenOf(finding.id)),
      dismissFinding(support, finding.id, "Looked, all fine", await seenOf(finding.id)),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const dismissed = await db().auditEvent.findMany({
      where: { action: "service.drift_dismissed", after: { path: ["findingId"], equals: finding.id } },
    });
    expect(dismissed).toHaveLength(1);
    expect(["Seen in the panel, it is there", "Looked, all fine"]).toContain(dismissed[0]!.reason);
  });

  it("neither marks gone nor re-creates a service while a change, suspension or deletion of it is open", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`open${uniq()}.example.com`),
    );
    expect((await qbox(`/api/domains/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    // Found missing by a run before the reseller placed the delete below.
    const finding = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: service.upstreamRef,
        naturalKey: service.naturalKey,
        type: "missing",
        serviceId: service.id,
        resellerId: t.reseller.id,
      },
    });
    // The reseller's delete, open (held for a person, so no worker runs it). Once it runs, its
    // read-back finds nothing and it succeeds: beside a re-created domain it would report the
    // service deleted, and after "mark gone" end it a second time.
    const del = await makeOrder({
      tenant: t,
      status: "held",
      action: "delete",
      serviceId: service.id,
      naturalKey: service.naturalKey,
      upstreamRef: service.upstreamRef,
      payload: { purge: false },
    });
    for (const act of [recreateFinding, markGone])
      expect(await act(support, finding.id, "The check says it is missing")).toEqual({
        ok: false,
        message: `An order of this service is still open (order ${del.id}): it may still change or delete the resource at the provider, so the service is not ended here. Wait for it to finish, or cancel it, then act on the finding again.`,
      });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
    expect(await db().order.count({ where: { idempotencyKey: `recreate-${finding.id}` } })).toBe(0);

    // Once it has ended without ending the service (cancelled), support acts on the finding.
    await db().order.update({ where: { id: del.id }, data: { status: "cancelled" } });
    expect(await markGone(support, finding.id, "The check says it is missing")).toMatchObject({ ok: true });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("gone");
  });

  it("adopts only what the provider has now, and shows the reseller whose organisation it carries", async () => {
    const orgId = 700_000 + Math.floor(Math.random() * 200_000);
    const owner = await db().reseller.create({
      data: { name: `Org owner ${uniq()}`, slug: `org-owner-${uniq()}`, grommunioOrgId: orgId },
    });
    const name = `orgdomain${uniq()}.example.com`;
    const made = await grommunioApi("POST", "/system/domains", {
      domainname: name,
      maxUser: 5,
      orgID: orgId,
      title: "Owner Org GmbH",
    });
    expect(made.status).toBe(201);
    const ref = String(((await made.json()) as { ID: number }).ID);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: ref, type: "unowned", resolvedAt: null },
    });
    expect(await readFindingResource(support, finding)).toEqual({
      state: "found",
      identity: [
        { field: "domainname", value: name },
        { field: "title", value: "Owner Org GmbH" },
        { field: "orgID", value: String(orgId) },
      ],
      owner: { resellerId: owner.id, resellerName: owner.name, field: "orgID", value: String(orgId) },
    });

    // Soft-deleted at grommunio (kept, its name taken): nothing live to adopt, and the page says so.
    expect((await grommunioApi("DELETE", `/system/domains/${ref}`)).status).toBeLessThan(300);
    expect(await readFindingResource(support, finding)).toEqual({ state: "deleted" });
    expect(await adoptAsPageWould(support, finding.id, t.customer.id, "Belongs to the owner org")).toMatchObject({
      ok: false,
      message: expect.stringContaining(`${name} (${ref}) is deleted at grommunio`),
    });
    expect(await db().service.count({ where: { upstreamRef: ref, kind: "grommunio_domain" } })).toBe(0);

    // Deleted at the provider after the check listed it: not adopted, the finding stays open.
    expect((await grommunioApi("DELETE", `/system/domains/${ref}?purge=true`)).status).toBeLessThan(300);
    expect(await readFindingResource(support, finding)).toEqual({ state: "absent" });
    expect(await adoptAsPageWould(support, finding.id, t.customer.id, "Belongs to the owner org")).toEqual({
      ok: false,
      message: `${name} (${ref}) is no longer at the provider (read just now), so there is nothing to adopt. Dismiss the finding if it stays away.`,
    });
    expect(await db().service.count({ where: { upstreamRef: ref, kind: "grommunio_domain" } })).toBe(0);
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
    expect(
      await db().auditEvent.count({
        where: { action: "service.adopted", after: { path: ["findingId"], equals: finding.id } },
      }),
    ).toBe(0);
    expect(await dismissFinding(support, finding.id, "Gone again", await seenOf(finding.id))).toMatchObject({
      ok: true,
    });
  });

  it("a reseller cannot act on findings", async () => {
    await expect(markGone(t.user, "00000000-0000-0000-0000-000000000000", "Some reason")).rejects.toThrow();
  });
});

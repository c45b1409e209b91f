// A Qboxmail domain that reads `enabled` with a `status_detail` other than `ok` is "Active, MX
// records to update or verify" on Qboxmail's panel (docs/upstream/qboxmail-lifecycle.md). The
// simulator activates the domain with such a detail (setting activeStatusDetail): the portal
// records the state `active_mx_to_fix`, not plain active and not a failure; the ownership
// re-checks end (ownership is verified) while the sweep's reads go on; the page says what to do
// and shows Qboxmail's word; a domain whose detail turns `ok` reads active again.
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamStateBadge } from "@/app/r/[slug]/_components/services-table";
import { MxCheckAnswer } from "@/app/r/[slug]/services/[id]/mx-check-form";
import { MxToFixNotice } from "@/app/r/[slug]/services/[id]/mx-to-fix";
import { SettingsList } from "@/app/r/[slug]/services/[id]/settings-list";
import { db } from "@/lib/db";
import { said } from "@/lib/i18n/sentences";
import { checkMxRecords } from "@/lib/services/mx-check";
import { refreshService } from "@/lib/services/read-live";
import { sweepServicesOnce } from "@/lib/services/sweep";
import { renderIn, visibleOwnText } from "../support/german-markup";
import { fileTenant, forms, makeTenant, succeededService, uniq } from "./pipeline-fixtures";
import { publishAndCheckOwnership, qboxSetting } from "./qboxmail-sim";

const t = fileTenant({ worker: {} });
const DETAIL = "mx_check_failed";

const serviceRow = (id: string) => db().service.findUniqueOrThrow({ where: { id } });
const actor = { type: "worker" as const, id: "mx-test-worker", label: "activation re-check" };

/** Orders a domain, publishes its ownership record and has the portal check it until Qboxmail enabled it. */
async function activatedDomain() {
  const { service } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`mx${uniq()}.example.com`));
  const first = await refreshService(service);
  if (!first.ok) throw new Error(first.message);
  const result = await publishAndCheckOwnership(service, String(first.settings.possession_a_record), actor);
  return { service, result };
}

describe("Qboxmail: enabled, but MX records to fix", () => {
  beforeAll(() => qboxSetting({ activeStatusDetail: DETAIL }));
  afterAll(() => qboxSetting({ activeStatusDetail: "ok" }));

  it("is recorded as active with MX to fix, ends the ownership checks, and is still read by the sweep", async () => {
    const { service, result } = await activatedDomain();
    // "Check now" answers with the state: verified, not a refusal.
    expect(result).toEqual({ ok: true, state: "active_mx_to_fix" });
    const row = await serviceRow(service.id);
    expect(row).toMatchObject({ status: "active", upstreamState: "active_mx_to_fix", nextCheckAt: null });
    expect(row.settings).toMatchObject({ status: "enabled", status_detail: DETAIL });
    const audited = await db().auditEvent.findFirstOrThrow({
      where: { action: "service.ownership_checked", after: { path: ["serviceId"], equals: service.id } },
      orderBy: { id: "desc" },
    });
    expect(audited.after).toMatchObject({ state: "active_mx_to_fix" });
    expect(audited.reason).toBeNull();

    // The sweep's reads go on (a stale service is read again), so the state follows Qboxmail.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await db().service.update({ where: { id: service.id }, data: { readAt: anHourAgo, readTriedAt: anHourAgo } });
    // Never-tried services of other files come first, ten a pass: enough passes to reach this one.
    for (let i = 0; i < 300 && ((await serviceRow(service.id)).readAt?.getTime() ?? 0) < Date.now() - 60_000; i++)
      await sweepServicesOnce("mx-test-worker");
    const swept = await serviceRow(service.id);
    expect(swept.readAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(swept.upstreamState).toBe("active_mx_to_fix");
  });

  it("the page says the domain works and what to fix, with Qboxmail's word; the list's badge names the state", async () => {
    const { service } = await activatedDomain();
    const reading = await refreshService(service);
    if (!reading.ok) throw new Error(reading.message);
    expect(reading.state).toBe("active_mx_to_fix");

    const notice = visibleOwnText(
      renderIn("de", createElement(MxToFixNotice, { detail: reading.settings.status_detail })),
    );
    expect(notice).toMatch(/Die Domain ist aktiv und ihre Postfächer funktionieren/);
    expect(notice).toMatch(/MX-Einträge auf die Mailserver/);
    expect(notice).toContain(DETAIL);
    const en = visibleOwnText(renderIn("en", createElement(MxToFixNotice, { detail: reading.settings.status_detail })));
    expect(en).toMatch(/set the MX records to the mail servers Qboxmail gives/);

    const badge = visibleOwnText(renderIn("de", createElement(UpstreamStateBadge, { state: reading.state })));
    expect(badge).toBe("Aktiv, MX-Einträge zu korrigieren");
    // "Current settings" shows the state in words and Qboxmail's unknown detail word as received.
    const list = visibleOwnText(
      renderIn("en", createElement(SettingsList, { kind: "qboxmail_domain", settings: reading.settings })),
    );
    expect(list).toContain("Active, MX records to fix");
    expect(list).toContain(DETAIL);
  });

  it("reads active again once Qboxmail's detail is ok", async () => {
    const { service } = await activatedDomain();
    expect((await serviceRow(service.id)).upstreamState).toBe("active_mx_to_fix");
    // Qboxmail's own MX check found the records right (the simulator: disable, then enable with ok).
    const q = await import("@/lib/upstream/clients").then((m) => m.upstreamClients().qboxmail!);
    expect((await q.setDomainStatus(service.upstreamRef, "disabled")).kind).toBe("success");
    expect((await q.setDomainStatus(service.upstreamRef, "enabled")).kind).toBe("success");
    const reading = await refreshService(service);
    expect(reading).toMatchObject({ ok: true, state: "active", settings: { status_detail: "ok" } });
    expect((await serviceRow(service.id)).upstreamState).toBe("active");
  });

  // "Check MX now" (docs/upstream/qboxmail-lifecycle.md): the simulator's MX check sets the detail
  // to ok unless its setting mxRecordsWrong says the records are still wrong.
  const person = () => ({ type: "user" as const, id: t.user.id, label: t.user.email });
  const mxAudits = (serviceId: string) =>
    db().auditEvent.findMany({
      where: { action: "service.mx_checked", after: { path: ["serviceId"], equals: serviceId } },
    });

  it("Check MX now: records fixed, the domain reads active at once, audited", async () => {
    const { service } = await activatedDomain();
    expect((await serviceRow(service.id)).upstreamState).toBe("active_mx_to_fix");
    expect(await checkMxRecords(t.reseller.id, service.id, person())).toEqual({ ok: true, state: "active" });
    const row = await serviceRow(service.id);
    expect(row.upstreamState).toBe("active");
    expect(row.settings).toMatchObject({ status: "enabled", status_detail: "ok" });
    const audits = await mxAudits(service.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: t.user.id, reason: null, after: { state: "active" } });
  });

  it("Check MX now: records still wrong, the domain stays with MX to fix", async () => {
    const { service } = await activatedDomain();
    await qboxSetting({ mxRecordsWrong: true });
    try {
      expect(await checkMxRecords(t.reseller.id, service.id, person())).toEqual({
        ok: true,
        state: "active_mx_to_fix",
      });
    } finally {
      await qboxSetting({ mxRecordsWrong: false });
    }
    const row = await serviceRow(service.id);
    expect(row.upstreamState).toBe("active_mx_to_fix");
    expect(row.settings).toMatchObject({ status_detail: DETAIL });
    expect(await mxAudits(service.id)).toHaveLength(1);
    // The page's answer: the check was queued, and what to fix.
    // With the time it was asked, so a second press that finds the same says it checked again.
    const checkedAt = "2026-12-07T10:42:07.000Z";
    const answer = (locale: "en" | "de" | "it", state: string) =>
      visibleOwnText(renderIn(locale, createElement(MxCheckAnswer, { state, checkedAt })));
    expect(answer("en", "active_mx_to_fix")).toMatch(
      /^Check queued at 10:42:07 AM\. Qboxmail still reports MX records to fix: set the MX records/,
    );
    expect(answer("de", "active_mx_to_fix")).toMatch(/^Prüfung um 10:42:07 eingereiht\./);
    expect(answer("it", "active_mx_to_fix")).toMatch(/^Verifica messa in coda alle 10:42:07\./);
    expect(answer("en", "in_progress")).toMatch(/^Checked at 10:42:07 AM\. Qboxmail still reports: /);
    expect(answer("en", "active")).toBe("MX records verified: the domain is active.");
  });

  it("Check MX now: another reseller's service is refused, nothing asked of Qboxmail or written", async () => {
    const { service } = await activatedDomain();
    const stranger = await makeTenant();
    const refused = await checkMxRecords(stranger.reseller.id, service.id, {
      type: "user",
      id: stranger.user.id,
      label: stranger.user.email,
    });
    expect(refused).toEqual({ ok: false, message: said("noMxCheck") });
    expect(await mxAudits(service.id)).toHaveLength(0);
    // Qboxmail was not asked: its check would have set the detail to ok.
    expect(await refreshService(service)).toMatchObject({ ok: true, state: "active_mx_to_fix" });
    // Not a service id at all: refused the same way.
    expect(await checkMxRecords(t.reseller.id, "not-a-uuid", person())).toEqual(refused);
  });

  it("the simulator's MX check answers 404 for an unknown domain", async () => {
    const q = await import("@/lib/upstream/clients").then((m) => m.upstreamClients().qboxmail!);
    const answer = await q.mxCheck(`unknown-${uniq()}`);
    expect(answer.kind).toBe("rejected");
    expect(answer.call).toMatchObject({ method: "PUT", status: 404 });
  });
});

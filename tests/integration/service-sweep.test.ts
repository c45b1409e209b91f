// The worker's service sweep (docs/lifecycle.md): a Qboxmail domain waiting for its ownership
// record is checked when due, read back, audited and scheduled again with a growing gap; once
// Qboxmail reports it active, the automatic checks stop. The sweep writes on plain pg
// (docs/benchmarks/worker.md "Idle memory"), so this holds the rows it writes to what the ORM wrote.
import { describe, expect, it, vi } from "vitest";
import { db, Prisma } from "@/lib/db";
import { checkOwnership } from "@/lib/services/activation";
import { checkMxRecords } from "@/lib/services/mx-check";
import { refreshService } from "@/lib/services/read-live";
import { claimStaleServices, sweepServicesOnce } from "@/lib/services/sweep";
import { upstreamClients } from "@/lib/upstream/clients";
import { killAllWorkers } from "../../scripts/lib/worker-process";
import { makeService } from "../factories";
import {
  clearFaults,
  fault,
  faultsTaken,
  forms,
  makeTenant,
  pipelineFileHooks,
  placeServiceDelete,
  startWorker,
  succeededService,
  type Tenant,
  uniq,
} from "./pipeline-fixtures";

let t: Tenant;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    await startWorker({});
  },
});

const serviceRow = (id: string) => db().service.findUniqueOrThrow({ where: { id } });
const checks = (serviceId: string) =>
  db().auditEvent.findMany({
    where: { action: "service.ownership_checked", after: { path: ["serviceId"], equals: serviceId } },
    orderBy: { id: "asc" },
  });

/**
 * One sweep pass in which `id` is the only active service the sweep can take: every other one is
 * held FOR KEY SHARE meanwhile, which the sweep's FOR UPDATE SKIP LOCKED skips, while other test
 * files' ordinary updates of them (FOR NO KEY UPDATE) go on unhindered. Services made by other
 * files during the pass may be taken too, so callers judge `id`'s row, not the pass's counts.
 */
function sweepTaking(id: string) {
  return db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM service WHERE status = 'active' AND id <> ${id}::uuid FOR KEY SHARE`;
      return sweepServicesOnce("sweep-test-worker");
    },
    { timeout: 30_000 },
  );
}

/** A Qboxmail domain created straight upstream, with its service row, and no order or worker involved. */
async function domainMadeUpstream(name: string) {
  const created = await upstreamClients().qboxmail!.createDomain({
    name,
    postmaster_password: "Pw-12345678",
    postmaster_password_confirmation: "Pw-12345678",
  });
  if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
  return makeService({ tenant: t, naturalKey: name, upstreamRef: created.ref });
}

describe("service sweep", () => {
  it("reads back a domain whose check Qboxmail refuses because it is already active, and stops the checks", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`active422${uniq()}.example.com`),
    );
    const q = upstreamClients().qboxmail!;
    const read = await q.getDomain(service.upstreamRef);
    if (read.kind !== "found") throw new Error(read.kind);
    // Activated outside this portal: the record published and a check asked for directly.
    const label = String(read.data.possession_a_record);
    await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${label}.${service.naturalKey}`, value: "185.97.217.16" }),
    });
    expect((await q.ownershipCheck(service.upstreamRef)).kind).toBe("success");
    // The contract allows a 422 for a check of a domain that is already active.
    await fault("qboxmail", {
      method: "PUT",
      path: `/api/domains/${service.upstreamRef}/dns_ownership_check`,
      action: "status",
      status: 422,
      body: { message: "Validation failed", errors: [{ field: "status", description: "is not valid" }] },
    });
    const actor = { type: "worker" as const, id: "sweep-test-worker", label: "activation re-check" };
    expect(await checkOwnership({ ...service, checkCount: 0 }, actor)).toEqual({ ok: true, state: "active" });
    expect(await serviceRow(service.id)).toMatchObject({ upstreamState: "active", nextCheckAt: null });
    const [audited] = await checks(service.id);
    expect(audited?.after).toMatchObject({ state: "active", check: 1 });
  });

  it("keeps the automatic checks of a domain read in a status it does not know, and stops them once settled", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`busy${uniq()}.example.com`),
    );
    // No worker while the faults wait: its own sweep must not read them first.
    await killAllWorkers();
    const scheduled = (await serviceRow(service.id)).nextCheckAt;
    expect(scheduled).not.toBeNull();
    // A transitional status (a new domain's "updating", say) on the stale services' read: the
    // domain may still go on to wait for its record, so its ownership checks stay scheduled.
    const item = { code: service.upstreamRef, name: service.naturalKey, status: "updating", status_detail: "" };
    const path = `/api/domains/${service.upstreamRef}`;
    await fault("qboxmail", { method: "GET", path, action: "status", status: 200, body: { resources: [item] } });
    expect(await refreshService(service)).toMatchObject({ ok: true, state: "in_progress" });
    expect(await serviceRow(service.id)).toMatchObject({ upstreamState: "in_progress", nextCheckAt: scheduled });
    // Disabled is settled: no more checks.
    await fault("qboxmail", {
      method: "GET",
      path,
      action: "status",
      status: 200,
      body: { resources: [{ ...item, status: "disabled" }] },
    });
    expect(await refreshService(service)).toMatchObject({ ok: true, state: "disabled" });
    expect(await serviceRow(service.id)).toMatchObject({ upstreamState: "disabled", nextCheckAt: null });
    await startWorker({});
  });

  it("checks a due domain, records what it read, audits the check and schedules the next; stops once active", async () => {
    const { service } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`sweep${uniq()}.example.com`),
    );
    // No worker from here on: its own sweep must not take this service first.
    await killAllWorkers();
    expect(service).toMatchObject({ checkCount: 0, readAt: null });
    expect(service.nextCheckAt).not.toBeNull();
    // Due long ago: first in the sweep's batch, whatever other files left behind.
    await db().service.update({ where: { id: service.id }, data: { nextCheckAt: new Date("2000-01-01T00:00:00Z") } });

    const before = Date.now();
    const swept = await sweepServicesOnce("sweep-test-worker");
    expect(swept.checked).toBeGreaterThanOrEqual(1);
    const waiting = await serviceRow(service.id);
    expect(waiting).toMatchObject({ checkCount: 1, upstreamState: "ownership_check" });
    expect(waiting.readAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    const label = (waiting.settings as Record<string, unknown>).possession_a_record;
    expect(typeof label).toBe("string");
    // First re-check one minute later (then 2, 4 … minutes).
    const gap = (waiting.nextCheckAt?.getTime() ?? 0) - before;
    expect(gap).toBeGreaterThan(50_000);
    expect(gap).toBeLessThan(70_000 + (Date.now() - before));
    const [first] = await checks(service.id);
    expect(first).toMatchObject({
      actorType: "worker",
      actorId: "sweep-test-worker",
      actorLabel: "activation re-check",
      resellerId: t.reseller.id,
      orderId: null,
      reason: null,
      before: null,
      after: { serviceId: service.id, upstreamRef: service.upstreamRef, state: "ownership_check", check: 1 },
    });

    // The owner publishes the record; the next check finds the domain active and stops the checks.
    const dns = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${label}.${service.naturalKey}`, value: "185.97.217.16" }),
    });
    expect(dns.status).toBe(200);
    const actor = { type: "worker" as const, id: "sweep-test-worker", label: "activation re-check" };
    let result = await checkOwnership({ ...service, checkCount: 1 }, actor);
    for (let i = 0; i < 40 && !(result.ok && result.state === "active"); i++) {
      await new Promise((r) => setTimeout(r, 250));
      result = await checkOwnership({ ...service, checkCount: (await serviceRow(service.id)).checkCount }, actor);
    }
    expect(result).toEqual({ ok: true, state: "active" });
    const active = await serviceRow(service.id);
    expect(active).toMatchObject({ upstreamState: "active", nextCheckAt: null, status: "active" });
    expect((active.settings as Record<string, unknown>).status).toBe("enabled");
    const all = await checks(service.id);
    expect(all).toHaveLength(active.checkCount);
    expect(all.at(-1)?.after).toMatchObject({ state: "active", check: active.checkCount });
  });

  it("does not check a domain whose delete is open, whatever status word its deletion shows", async () => {
    // No worker: the delete stays open until this test closes it, and only this test sweeps.
    await killAllWorkers();
    const service = await domainMadeUpstream(`deleting${uniq()}.example.com`);
    await db().service.update({ where: { id: service.id }, data: { nextCheckAt: new Date("2000-01-01T00:00:00Z") } });
    const del = await placeServiceDelete(t, service);
    await sweepServicesOnce("sweep-test-worker");
    expect(await serviceRow(service.id)).toMatchObject({ checkCount: 0 });
    expect(await checks(service.id)).toHaveLength(0);
    // Nor does a person's "Check now" ask Qboxmail meanwhile: nothing checked, nothing re-armed.
    const person = { type: "user" as const, id: t.user.id, label: "reseller" };
    expect(await checkOwnership({ ...service, checkCount: 0 }, person)).toEqual({
      ok: false,
      message: "A deletion of this domain is on its way: Qboxmail is not asked to check its ownership meanwhile.",
    });
    expect(await serviceRow(service.id)).toMatchObject({
      checkCount: 0,
      nextCheckAt: new Date("2000-01-01T00:00:00Z"),
    });
    expect(await checks(service.id)).toHaveLength(0);
    // Nor its MX records.
    expect(await checkMxRecords(t.reseller.id, service.id, person)).toEqual({
      ok: false,
      message: "A deletion of this domain is on its way: Qboxmail is not asked to check its MX records meanwhile.",
    });
    // Once the delete is over (here cancelled), the domain is checked again when due.
    await db().order.update({ where: { id: del }, data: { status: "cancelled" } });
    await sweepServicesOnce("sweep-test-worker");
    expect(await serviceRow(service.id)).toMatchObject({ checkCount: 1 });
  });

  it("does not write a slow reading over what a change recorded while the provider was being read", async () => {
    // No worker, so nothing else reads the domain meanwhile.
    await killAllWorkers();
    const service = await domainMadeUpstream(`slow${uniq()}.example.com`);
    const path = `/api/domains/${service.upstreamRef}`;
    await fault("qboxmail", { method: "GET", path, action: "delay", ms: 1500 });
    const reading = refreshService({
      id: service.id,
      kind: "qboxmail_domain",
      upstreamRef: service.upstreamRef,
      naturalKey: service.naturalKey,
    });
    // The reading's GET has reached the provider (and so its start was taken): the change lands
    // while the provider is being read.
    await faultsTaken("qboxmail", path);
    // A suspend order succeeds meanwhile: its effect, as lib/orders/service-effects.ts writes it.
    await db().$executeRaw`UPDATE service SET upstream_state = 'disabled', read_at = NULL, updated_at = now()
      WHERE id = ${service.id}::uuid`;
    const r = await reading;
    expect(r.ok).toBe(true);
    expect(await serviceRow(service.id)).toMatchObject({ upstreamState: "disabled", readAt: null });
  });

  it("tells a reading from a change by the database's clock, also when this process's clock runs ahead", async () => {
    await killAllWorkers();
    const service = await domainMadeUpstream(`skew${uniq()}.example.com`);
    const path = `/api/domains/${service.upstreamRef}`;
    await fault("qboxmail", { method: "GET", path, action: "delay", ms: 1500 });
    // This process's clock 5 s ahead of Postgres's (web and worker hosts drift).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5_000 });
    try {
      const reading = refreshService({
        id: service.id,
        kind: "qboxmail_domain",
        upstreamRef: service.upstreamRef,
        naturalKey: service.naturalKey,
      });
      await faultsTaken("qboxmail", path);
      await db().$executeRaw`UPDATE service SET upstream_state = 'disabled', read_at = NULL, updated_at = now()
        WHERE id = ${service.id}::uuid`;
      expect((await reading).ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(await serviceRow(service.id)).toMatchObject({ upstreamState: "disabled", readAt: null });
  });

  it("leaves a service whose read failed as last read, and tries it again only once stale", async () => {
    // No worker, so its own sweep cannot meet the fault first. The domain was never read, as
    // after a change.
    await killAllWorkers();
    const service = await domainMadeUpstream(`unreadable${uniq()}.example.com`);
    const path = `/api/domains/${service.upstreamRef}`;
    await fault("qboxmail", { method: "GET", path, action: "status", status: 503 });
    await sweepTaking(service.id);
    const failed = await serviceRow(service.id);
    // Still unread: no list shows a read that did not happen, and the drift check does not compare
    // the settings from before a change as if they had just been read.
    expect(failed).toMatchObject({ readAt: null, upstreamState: null });
    expect(failed.readTriedAt).not.toBeNull();
    // Tried, so not taken again on the next pass: a provider that cannot answer does not fill every batch.
    await sweepTaking(service.id);
    expect((await serviceRow(service.id)).readTriedAt).toEqual(failed.readTriedAt);
    // Once the try is as old as a stale reading, the sweep reads it again, and this time it answers.
    await clearFaults();
    await db().service.update({ where: { id: service.id }, data: { readTriedAt: new Date(Date.now() - 16 * 60_000) } });
    const before = Date.now();
    await sweepTaking(service.id);
    const read = await serviceRow(service.id);
    expect(read.upstreamState).toBe("ownership_check");
    expect(read.readAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(read.readTriedAt?.getTime()).toBe(read.readAt?.getTime());
  });

  it("picks the stale batch by walking an index in read order, not by sorting every active service", async () => {
    // The test database is small, so the planner would scan and sort whatever indexes exist; with
    // scans and sorts priced out it shows whether an ordered walk exists at all. Without one the
    // plan keeps its Sort, which at a large installation sorts every active service each pass.
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
      const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${claimStaleServices()}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("service_sweep_tried");
    expect(plan).not.toMatch(/\bSort\b/);
  });
});

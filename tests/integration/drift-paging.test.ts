// The drift check against a Qboxmail list that ignores `page` and sends no pagination block
// (docs/upstream/qboxmail.md §8): the inventory ends at the first repeated page instead of reading
// to its page cap and giving up, so the run still finds a domain deleted behind the portal's back
// and one nobody owns, and calls none of the listed ones missing. A repeated page that is full
// may be a list cut at `per`: that kind is skipped rather than the rest called missing. grommunio's
// inventory steps by the rows it received (a capped `limit` is still read whole) and refuses a
// list that ignores `offset`.
// Own simulators: the list settings must not reach other files.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import { inventory } from "@/lib/services/drift-inventory";
import { upstreamClients } from "@/lib/upstream/clients";
import { qboxmailApi as qbox } from "./another-client";
import {
  forms,
  makeTenant,
  pipelineFileHooks,
  startWorker,
  succeededService,
  type Tenant,
  uniq,
} from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

let t: Tenant;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    // A run now takes the schedule's slot, so the worker's own periodic run (one per 10 minutes
    // across workers) never lands between a test's run and its reading of the result.
    await runDriftCheck({ pauseMs: 0 });
    await startWorker({ UPSTREAM_TIMEOUT_MS: "1500" });
  },
});

/** The latest run's result: a kind that could not be read is named in its message. */
async function lastRunMessage(): Promise<string | null> {
  const run = await db().driftRun.findFirstOrThrow({
    where: { finishedAt: { not: null } },
    orderBy: { startedAt: "desc" },
  });
  return run.message;
}

const openFindings = (upstreamRef: string) =>
  db().driftFinding.findMany({ where: { upstreamRef, resolvedAt: null }, select: { type: true } });

describe("drift check over a Qboxmail list that ignores `page`", () => {
  it("completes at the repeated page, finds the deleted and the unowned domain, and nothing else", async () => {
    const kept = [];
    for (let n = 0; n < 3; n++)
      kept.push(
        (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`keep${n}${uniq()}.example.com`))).service,
      );
    const { service: deleted } = await succeededService(
      t,
      "qboxmail_domain",
      forms.qboxmail_domain(`gone${uniq()}.example.com`),
    );
    expect((await qbox(`/api/domains/${deleted.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    const stray = await qbox("/api/domains", {
      method: "POST",
      body: JSON.stringify({
        name: `stray${uniq()}.example.com`,
        postmaster_password: "Stray-pass-42",
        postmaster_password_confirmation: "Stray-pass-42",
      }),
    });
    expect(stray.status).toBe(201);
    const strayCode = ((await stray.json()) as { resource_code: string }).resource_code;

    await qboxSetting({ withoutPagination: true, pageIgnored: true });
    try {
      // Pages of 50 hold this simulator's few domains; the cap is far above the two pages read.
      expect((await runDriftCheck({ perPage: 50, maxPages: 5, pauseMs: 0 })).ran).toBe(true);
      expect((await lastRunMessage()) ?? "").not.toContain("qboxmail_domain");
      expect(await openFindings(deleted.upstreamRef!)).toEqual([{ type: "missing" }]);
      expect(await openFindings(strayCode)).toEqual([{ type: "unowned" }]);
      for (const s of kept) expect(await openFindings(s.upstreamRef!)).toEqual([]);
    } finally {
      await qboxSetting({ withoutPagination: false, pageIgnored: false });
    }
  });

  it("skips the kind when the repeated page is full: its end cannot be read", async () => {
    const services = [];
    for (let n = 0; n < 3; n++)
      services.push(
        (await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(`full${n}${uniq()}.example.com`))).service,
      );
    await qboxSetting({ withoutPagination: true, pageIgnored: true });
    try {
      // Pages of 2: the repeated page is full, and what lies past it is never shown.
      await runDriftCheck({ perPage: 2, maxPages: 5, pauseMs: 0 });
      expect(await lastRunMessage()).toContain("qboxmail_domain could not be listed: the list answers its first page");
      for (const s of services)
        expect(
          await db().driftFinding.count({ where: { upstreamRef: s.upstreamRef!, type: "missing", resolvedAt: null } }),
        ).toBe(0);
    } finally {
      await qboxSetting({ withoutPagination: false, pageIgnored: false });
    }
  });
});

async function grommunioFlags(f: {
  listOffsetIgnored?: boolean;
  listLimitMax?: number;
  listCountOmitted?: boolean;
}): Promise<void> {
  const r = await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/flags`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(f),
  });
  if (r.status !== 200) throw new Error(`flags refused: ${r.status}`);
}

describe("drift inventory over grommunio lists that page otherwise than asked", () => {
  it("reads every server when `limit` is capped below the page asked, and refuses a list that ignores `offset`", async () => {
    const grommunio = upstreamClients().grommunio!;
    const names: string[] = [];
    for (let n = 0; n < 5; n++) {
      const hostname = `mx${n}-${uniq()}.example.test`;
      expect((await grommunio.createServer({ hostname, extname: hostname })).kind).toBe("success");
      names.push(hostname);
    }
    const hostnames = (items: Map<string, Record<string, unknown>>) => [...items.values()].map((s) => s.hostname);
    try {
      await grommunioFlags({ listOffsetIgnored: false, listLimitMax: 2 });
      const capped = await inventory("grommunio_server", { perPage: 50, maxPages: 10, pauseMs: 0 });
      if (!capped.ok) throw new Error(capped.message);
      expect(hostnames(capped.items)).toEqual(expect.arrayContaining(names));

      await grommunioFlags({ listOffsetIgnored: true, listLimitMax: 0 });
      expect(await inventory("grommunio_server", { perPage: 2, maxPages: 10, pauseMs: 0 })).toEqual({
        ok: false,
        message: "the list answers its first page for every offset",
      });
    } finally {
      await grommunioFlags({ listOffsetIgnored: false, listLimitMax: 0 });
    }
  });

  it("reads on past full pages when the list gives no `count` (the shipped spec's `{data}`), to an empty page", async () => {
    const grommunio = upstreamClients().grommunio!;
    const names: string[] = [];
    for (let n = 0; n < 5; n++) {
      const hostname = `nc${n}-${uniq()}.example.test`;
      expect((await grommunio.createServer({ hostname, extname: hostname })).kind).toBe("success");
      names.push(hostname);
    }
    try {
      await grommunioFlags({ listCountOmitted: true });
      const all = await inventory("grommunio_server", { perPage: 2, maxPages: 100, pauseMs: 0 });
      if (!all.ok) throw new Error(all.message);
      expect([...all.items.values()].map((s) => s.hostname)).toEqual(expect.arrayContaining(names));
      // Ignoring `offset` too: a first page shorter than asked was the whole list.
      await grommunioFlags({ listOffsetIgnored: true });
      const whole = await inventory("grommunio_server", { perPage: 500, maxPages: 100, pauseMs: 0 });
      if (!whole.ok) throw new Error(whole.message);
      expect([...whole.items.values()].map((s) => s.hostname)).toEqual(expect.arrayContaining(names));
    } finally {
      await grommunioFlags({ listCountOmitted: false, listOffsetIgnored: false });
    }
  });
});

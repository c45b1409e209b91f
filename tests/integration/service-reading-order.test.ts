// A service's stored reading (docs/lifecycle.md "Changes are orders"): a reading that began before
// another one was stored is not written over it. A slow read whose answer arrives after a later
// read stored what the provider holds now would put back the value from before, and the drift
// check would take that return for a change made at the provider.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { refreshService } from "@/lib/services/read-live";
import { upstreamClients } from "@/lib/upstream/clients";
import { makeService } from "../factories";
import { grommunioApi } from "./another-client";
import { fault, makeTenant, pipelineFileHooks, type Tenant, uniq } from "./pipeline-fixtures";

let t: Tenant;

// No worker: nothing but the test reads the domain.
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
  },
});

const simulator = () => process.env.SIM_GROMMUNIO_ORIGIN!;

/** Until the simulator holds back an answer on `path`: its handler ran, so the read is done there. */
async function answerHeld(path: string): Promise<void> {
  for (let i = 0; ; i++) {
    const { held } = (await (await fetch(`${simulator()}/__sim/faults`)).json()) as { held: { path: string }[] };
    if (held.some((h) => h.path.endsWith(path))) return;
    if (i > 750) throw new Error(`no answer on ${path} was held`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

const releaseAnswers = () => fetch(`${simulator()}/__sim/faults/release`, { method: "POST" });

describe("a service reading that began before another was stored", () => {
  it("is not written over the newer reading, and records no change at the provider", async () => {
    const name = `order${uniq()}.example.com`;
    const created = await upstreamClients().grommunio!.createDomain(
      { domainname: name, maxUser: 10 },
      { createRole: false },
    );
    if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
    const made = await makeService({ tenant: t, kind: "grommunio_domain", naturalKey: name, upstreamRef: created.ref });
    const service = { id: made.id, kind: made.kind, upstreamRef: made.upstreamRef, naturalKey: made.naturalKey };
    expect(await refreshService(service)).toMatchObject({ ok: true, settings: { maxUser: 10 } });

    // A slow sweep read: grommunio has answered 10, and the answer is on its way.
    const path = `/system/domains/${service.upstreamRef}`;
    await fault("grommunio", { method: "GET", path, action: "hold-answer" });
    const slow = refreshService(service);
    await answerHeld(path);
    // Changed in grommunio's panel meanwhile, and read by the service page: 20 is stored, and the
    // change is found.
    expect((await grommunioApi("PATCH", path, { maxUser: 20 })).status).toBe(200);
    const fresh = await refreshService(service);
    if (!fresh.ok) throw new Error(JSON.stringify(fresh));
    expect(fresh.settings).toMatchObject({ maxUser: 20 });
    await releaseAnswers();
    expect(await slow).toMatchObject({ ok: true, settings: { maxUser: 10 } });

    const row = await db().service.findUniqueOrThrow({ where: { id: service.id } });
    expect(row.settings).toMatchObject({ maxUser: 20 });
    expect(row.readAt).toEqual(fresh.readAt);
    const findings = await db().driftFinding.findMany({
      where: { kind: "grommunio_domain", upstreamRef: service.upstreamRef, type: "changed" },
    });
    expect(findings.map((f) => [f.details, f.resolvedAt])).toEqual([
      [{ differences: ["maxUser: 20 upstream, 10 expected"] }, null],
    ]);
  });
});

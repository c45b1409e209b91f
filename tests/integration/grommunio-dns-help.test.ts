// The grommunio DNS help on a domain's service page reads the home server and grommunio's
// dnsCheck, which resolves every server's names inside one of grommunio's four request threads
// (docs/upstream/grommunio.md §1): page views reuse one reading for a while and share one
// call in flight, so they cannot take the threads the workers need; a failed reading is not kept.
// The calls are counted at the simulator, over HTTP, by a pass-through fault rule's uses.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { grommunioDnsHelp } from "@/lib/services/activation";
import { forgetSharedReadings } from "@/lib/services/shared-reading";
import { createUpstream, grommunioApi } from "./another-client";
import { fault, forms } from "./pipeline-fixtures";

const DNS_CHECK = "/system/servers/dnsCheck";

async function uses(path: string): Promise<number> {
  const r = await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/faults`);
  const { faults } = (await r.json()) as { faults: { path?: string; count: number }[] };
  return faults.find((f) => f.path === path)?.count ?? 0;
}

async function clearFaults() {
  await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/faults`, { method: "DELETE" });
}

let settings: { homeserver: { ID: number } };

beforeEach(async () => {
  forgetSharedReadings();
  await clearFaults();
  const server = await createUpstream("grommunio", "/system/servers", forms.grommunio_server());
  expect(server.status).toBe(201);
  settings = { homeserver: { ID: Number(server.json.ID) } };
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the service page's grommunio DNS help", () => {
  it("runs dnsCheck once for many views, at the same moment or one after another", async () => {
    // Counted, not changed: each matching request takes one use and is answered normally.
    await fault("grommunio", { method: "GET", path: DNS_CHECK, count: 100, action: "delay", ms: 0 });
    const views = await Promise.all([1, 2, 3].map(() => grommunioDnsHelp("a.example.com", settings)));
    for (let i = 0; i < 3; i++) views.push(await grommunioDnsHelp(`b${i}.example.com`, settings));
    expect(100 - (await uses(DNS_CHECK))).toBe(1);
    for (const v of views)
      expect(v).toMatchObject({ extname: expect.stringMatching(/^ext-mx/), resolves: expect.any(Boolean) });
    await clearFaults();
  });

  it("asks again after a failed reading", async () => {
    await fault("grommunio", { method: "GET", path: DNS_CHECK, count: 1, action: "status", status: 500 });
    expect(await grommunioDnsHelp("a.example.com", settings)).toMatchObject({ resolves: undefined });
    await fault("grommunio", { method: "GET", path: DNS_CHECK, count: 100, action: "delay", ms: 0 });
    expect(await grommunioDnsHelp("a.example.com", settings)).toMatchObject({ resolves: expect.any(Boolean) });
    expect(await grommunioDnsHelp("a.example.com", settings)).toMatchObject({ resolves: expect.any(Boolean) });
    expect(100 - (await uses(DNS_CHECK))).toBe(1);
    await clearFaults();
  });

  it("shows a renamed server's new name within half a minute, reading the kept check again once", async () => {
    // Only the clock is faked: the calls still go to the simulator over HTTP.
    vi.useFakeTimers({ toFake: ["Date"] });
    await fault("grommunio", { method: "GET", path: DNS_CHECK, count: 100, action: "delay", ms: 0 });
    const before = await grommunioDnsHelp("a.example.com", settings);
    const renamed = `renamed-${Date.now()}.example.com`;
    const patched = await grommunioApi("PATCH", `/system/servers/${settings.homeserver.ID}`, { extname: renamed });
    expect(patched.status).toBe(200);
    expect(await grommunioDnsHelp("a.example.com", settings)).toMatchObject({ extname: before?.extname });

    vi.setSystemTime(Date.now() + 31_000);
    const after = await grommunioDnsHelp("a.example.com", settings);
    expect(after).toMatchObject({ extname: renamed, resolves: expect.any(Boolean) });
    expect(after?.records.some((r) => JSON.stringify(r).includes(renamed))).toBe(true);
    // The check read again named the new name, so the next views keep it.
    await grommunioDnsHelp("a.example.com", settings);
    vi.setSystemTime(Date.now() + 31_000);
    await grommunioDnsHelp("a.example.com", settings);
    expect(100 - (await uses(DNS_CHECK))).toBe(2);
    await clearFaults();
  });
});

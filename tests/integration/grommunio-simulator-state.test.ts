// The grommunio simulator's state survives a restart (the demo's data folder), keys included so
// issued tokens stay valid; and its optional processing time honours uWSGI's worker limit.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { SIM_CREDENTIALS, startSimulators } from "@/simulators/main";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grommunio-sim-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("grommunio simulator state", () => {
  it("keeps domains, servers, the ledger and the signing key across a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startSimulators({ stateFile });
    const login = await fetch(`${first.grommunioUrl}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        user: SIM_CREDENTIALS.grommunioUser,
        pass: SIM_CREDENTIALS.grommunioPassword,
      }).toString(),
    });
    const { grommunioAuthJwt: jwt } = (await login.json()) as { grommunioAuthJwt: string };
    const c = new GrommunioClient({
      baseUrl: first.grommunioUrl,
      user: SIM_CREDENTIALS.grommunioUser,
      password: SIM_CREDENTIALS.grommunioPassword,
      timeoutMs: 2000,
    });
    await c.createServer({ hostname: "mx1", extname: "mx1" });
    await c.createDomain({ domainname: "kept.example", maxUser: 3 }, { createRole: true });
    await first.close();

    const second = await startSimulators({ stateFile });
    try {
      const list = await fetch(`${second.grommunioUrl}/system/domains?domainname=kept.example`, {
        headers: { cookie: `grommunioAuthJwt=${jwt}` },
      });
      expect(list.status).toBe(200); // the token from before the restart still verifies
      expect(await list.json()).toMatchObject({ count: 1, data: [{ ID: 1, domainname: "kept.example" }] });
      const ledger = (await (await fetch(`${second.grommunioOrigin}/__sim/ledger`)).json()) as { created: unknown[] };
      expect(ledger.created).toHaveLength(2);
      const c2 = new GrommunioClient({
        baseUrl: second.grommunioUrl,
        user: SIM_CREDENTIALS.grommunioUser,
        password: SIM_CREDENTIALS.grommunioPassword,
        timeoutMs: 2000,
      });
      expect(await c2.createDomain({ domainname: "next.example", maxUser: 1 }, { createRole: false })).toMatchObject({
        kind: "success",
        ref: "2",
      });
    } finally {
      await second.close();
    }
  });

  it("processes at most `workers` requests at once when a latency is set", async () => {
    const sims = await startSimulators({});
    try {
      const flags = await fetch(`${sims.grommunioOrigin}/__sim/grommunio/flags`, {
        method: "POST",
        body: JSON.stringify({ latencyMs: 500, workers: 2 }),
      });
      expect(await flags.json()).toMatchObject({ latencyMs: 500, workers: 2 });
      const answers = await Promise.all(Array.from({ length: 4 }, () => fetch(`${sims.grommunioUrl}/status`)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      // All four were inside at once (sent together, each held half a second), yet only two were
      // processed at once: the other two waited for a worker.
      const counted = await (await fetch(`${sims.grommunioOrigin}/__sim/grommunio/concurrency`)).json();
      expect(counted).toEqual({ now: 0, peak: 4, processing: 0, processingPeak: 2 });
    } finally {
      await sims.close();
    }
  });
});

// The drift check over a Qboxmail that lists an IDN in its Unicode form (docs/upstream/qboxmail.md
// §8; simulator setting `unicodeNames`): a domain the portal sent as `xn--…` and whose order is
// still on its way is that order's, not an unowned resource; one nobody ordered is recorded
// unowned under the ASCII name the portal keys its orders by.
// Own simulators: the setting must not reach other files.
import { domainToASCII } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import type { ProvisionContext } from "@/workers/processors/context";
import { makeTenant, type Tenant } from "../factories";
import { createUpstream } from "./another-client";
import { inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { clearFaults, fault, forms, ledger, pipelineFileHooks, uniq } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

let t: Tenant;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
  },
});
afterEach(clearFaults);

let ctx: ProvisionContext;
beforeAll(() => {
  // Built once the file's own simulators are in the environment.
  ctx = inProcessContext();
});

const openFindings = (upstreamRef: string) =>
  db().driftFinding.findMany({ where: { upstreamRef, resolvedAt: null }, select: { type: true, naturalKey: true } });

describe("drift check over a Qboxmail that lists IDNs in Unicode", () => {
  it("leaves an IDN order on its way alone, and records an unowned IDN by its ASCII name", async () => {
    const unicode = `münchen-${uniq()}.de`;
    const ascii = domainToASCII(unicode);
    expect(ascii).toMatch(/^xn--/);
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(unicode));
    expect(await orderRow(id)).toMatchObject({ naturalKey: ascii });
    // The create commits and its answer is lost: the order is on its way, its domain listed.
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-after-commit" });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
    const ours = (await ledger("qboxmail")).created.find((c) => c.key === ascii);
    if (!ours) throw new Error("the order's create did not land");

    // Someone else's IDN, made outside the portal.
    const strayUnicode = `köln-${uniq()}.de`;
    const stray = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(domainToASCII(strayUnicode)));
    expect(stray.status).toBe(201);
    const strayCode = String(stray.json.resource_code);

    await qboxSetting({ unicodeNames: true });
    try {
      expect((await runDriftCheck({ perPage: 50, pauseMs: 0 })).ran).toBe(true);
      expect(await openFindings(ours.ref)).toEqual([]);
      expect(await openFindings(strayCode)).toEqual([{ type: "unowned", naturalKey: domainToASCII(strayUnicode) }]);
    } finally {
      await qboxSetting({ unicodeNames: false });
    }
  });
});

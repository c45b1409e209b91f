// The short chaos run inside `npm test` (docs/reliability.md "The proof"): the same harness as
// `npm run chaos`, with 200 orders (creates of all four kinds, and changes, suspensions and
// deletes of what the run created), three worker processes, simulator faults,
// worker and Redis SIGKILLs and an immediate Postgres restart, on its own Postgres and Redis (so
// killing them touches nothing else). Every bar of the full run must hold but its settle time,
// which is a speed (docs/design.md "Test tiers"): `npm run chaos` judges that one.
import { describe, expect, it } from "vitest";
import { runChaos } from "../../scripts/chaos/chaos";
import { correctnessBarsMet, formatReport } from "../../scripts/chaos/verify";

describe("chaos", () => {
  it("200 orders under faults, kills and restarts: none lost, duplicated, resent, adopted-foreign or stuck", async () => {
    const report = await runChaos({
      orders: 200,
      workers: 3,
      faultSeconds: 20,
      workerKills: 3,
      redisKills: 1,
      postgresRestarts: 1,
      settleTimeoutMs: 90_000,
    });
    const table = formatReport(report);
    console.log(table);
    expect(report.placed).toBe(200);
    // The run exercised the lifecycle too, not only creates.
    expect(report.placedBy).toMatchObject({
      change: expect.any(Number),
      delete: expect.any(Number),
      suspend: expect.any(Number),
    });
    expect({
      lost: report.lost,
      duplicated: report.duplicated,
      resent: report.resent,
      adoptedForeign: report.adoptedForeign,
      stuck: report.stuck,
    }).toEqual({
      lost: 0,
      duplicated: 0,
      resent: 0,
      adoptedForeign: 0,
      stuck: 0,
    });
    expect(report.audit.ok).toBe(true);
    expect(correctnessBarsMet(report), table).toBe(true);
  }, 400_000);
});

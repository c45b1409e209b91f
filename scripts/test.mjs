// `npm test`: every tier (unit, integration, e2e) in one vitest run. Integration and e2e start
// their own Postgres, Redis, simulators, web and worker; a missing service fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync("node_modules/.bin/vitest")) {
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
fs.mkdirSync(".tmp", { recursive: true });
const report = ".tmp/vitest-report.json";
fs.rmSync(report, { force: true });
const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
const r = spawnSync("node_modules/.bin/vitest", args, {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});

// A closing line CI can read: "N passed, N failed" (and skipped, which must stay 0).
if (fs.existsSync(report)) {
  const j = JSON.parse(fs.readFileSync(report, "utf8"));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(
    `\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  if (skipped > 0) {
    console.error("Skipped tests are not allowed: every tier must run.");
    process.exit(1);
  }
  if (j.numTotalTests === 0) {
    console.error("No test ran.");
    process.exit(1);
  }
}
process.exit(r.status ?? 1);

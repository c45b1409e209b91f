// `npm test`: every tier (unit, integration, e2e). Integration and e2e start their own Postgres,
// Redis, simulators, web and worker on free ports; a missing service fails the run.
//
// With no arguments the run is split in two vitest processes that run at the same time: unit then
// integration in one, e2e in the other. Each tier has its own stack, so they share nothing but the
// machine, and most of a tier's time is spent waiting (retry back-offs, a browser, a worker's
// poll), so two at once take far less than one after the other. Inside each tier the files still
// run one at a time (vitest.config.ts). Arguments (a file, `--project e2e`) run one vitest as given.
import { spawn } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";

if (!fs.existsSync("node_modules/.bin/vitest")) {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
fs.mkdirSync(".tmp", { recursive: true });

const given = process.argv.slice(2);
const runs =
  given.length > 0
    ? [{ label: "", args: given }]
    : [
        { label: "[unit+integration] ", args: ["--project", "unit", "--project", "integration"] },
        { label: "[e2e] ", args: ["--project", "e2e"] },
      ];

const results = await Promise.all(runs.map((run, i) => runVitest(run.label, run.args, `.tmp/vitest-report-${i}.json`)));

// A closing line CI can read: "N passed, N failed" (and skipped, which must stay 0).
let passed = 0;
let failed = 0;
let skipped = 0;
let total = 0;
let missingReport = false;
for (const { report } of results) {
  if (!report) {
    missingReport = true;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  total += report.numTotalTests;
}
// CI keeps only the end of the output, so the failures are named again here, after everything else.
for (const { report } of results) {
  for (const file of report?.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const reason = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 6).join("\n    ");
      console.log(`\nFAILED ${file.name.replace(`${process.cwd()}/`, "")} > ${test.fullName}\n    ${reason}`);
    }
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
for (const [i, { status, seconds }] of results.entries()) {
  console.log(`${runs[i].label || "vitest "}exit ${status} after ${seconds.toFixed(0)} s`);
}
if (skipped > 0) {
  console.error("Skipped tests are not allowed: every tier must run.");
  process.exit(1);
}
if (missingReport || total === 0) {
  console.error(missingReport ? "A vitest run wrote no report: it did not finish." : "No test ran.");
  process.exit(1);
}
process.exit(results.every((r) => r.status === 0) ? 0 : 1);

/** One vitest process; its lines are printed as they come, each with the run's label. */
function runVitest(label, args, reportPath) {
  fs.rmSync(reportPath, { force: true });
  const started = Date.now();
  const child = spawn(
    "node_modules/.bin/vitest",
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportPath}`, ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  readline.createInterface({ input: child.stdout }).on("line", (line) => process.stdout.write(`${label}${line}\n`));
  readline.createInterface({ input: child.stderr }).on("line", (line) => process.stderr.write(`${label}${line}\n`));
  // Ctrl-C reaches the children through the process group; wait for them to tear their stacks down.
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      const report = fs.existsSync(reportPath) ? JSON.parse(fs.readFileSync(reportPath, "utf8")) : null;
      resolve({ status: code ?? (signal ? 1 : 1), report, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// The alert rules, dashboard, docker-compose.yml and Dockerfile pass scripts/check-ops.mjs
// (promtool when installed; schema, references and start commands always).
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

it("ops files pass their checks", () => {
  const r = spawnSync(process.execPath, ["scripts/check-ops.mjs"], { encoding: "utf8" });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
}, 60_000);

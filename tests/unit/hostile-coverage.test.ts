// Every server action and route handler of app/ is fuzzed by a hostile-input test
// (tests/support/hostile/coverage.ts says which). The list comes from the tenant inventory,
// which tests/unit/tenant-inventory.test.ts keeps equal to app/, so a new action or route
// handler fails here until a hostile test covers it.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { HOSTILE_COVERAGE, SLUG_COVERAGE } from "../support/hostile/coverage";
import { ACTIONS, ROUTES } from "../support/tenant/inventory";

const handlers = [
  ...Object.keys(ACTIONS),
  ...Object.entries(ROUTES)
    .filter(([, e]) => e.kind === "route")
    .map(([k]) => k),
];

describe("hostile-input coverage", () => {
  it("names a hostile test for every server action and route handler", () => {
    expect(
      handlers.filter((h) => !HOSTILE_COVERAGE[h]),
      "fuzz these in a tests/integration/hostile-* file, then add them to tests/support/hostile/coverage.ts",
    ).toEqual([]);
    expect(
      Object.keys(HOSTILE_COVERAGE).filter((h) => !handlers.includes(h)),
      "these are no longer actions or route handlers of app/: remove them from coverage.ts",
    ).toEqual([]);
  });

  it("each entry points at a hostile test that exists and names the case", () => {
    for (const [h, c] of [...Object.entries(HOSTILE_COVERAGE), ["slug", SLUG_COVERAGE] as const]) {
      if ("noInput" in c) {
        expect(c.noInput.length, h).toBeGreaterThan(20);
        continue;
      }
      expect(c.file, h).toMatch(/^tests\/integration\/hostile-[\w-]+\.test\.ts$/);
      expect(fs.existsSync(c.file), `${h}: ${c.file}`).toBe(true);
      const text = fs.readFileSync(c.file, "utf8");
      expect(text.includes(c.test), `${h}: "${c.test}" not in ${c.file}`).toBe(true);
      expect(text, `${c.file} must use fast-check`).toMatch(/fc\.asyncProperty|fc\.property/);
    }
  });

  it("an action taking no input really reads nothing from its form", () => {
    for (const [h, c] of Object.entries(HOSTILE_COVERAGE)) {
      if (!("noInput" in c)) continue;
      const [file, name] = h.split("#") as [string, string];
      const source = fs.readFileSync(file, "utf8");
      const body = source.slice(source.indexOf(`export async function ${name}(`)).split(/\nexport /)[0]!;
      expect(body, `${h} reads its form: fuzz it instead`).not.toMatch(
        /\b(fd|formData)\.(get|getAll|entries)\b|Object\.fromEntries\((fd|formData)\)/,
      );
    }
  });
});

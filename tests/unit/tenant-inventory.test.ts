// Every page, route handler and server action under app/ must be in the tenant inventory
// (tests/support/tenant/inventory.ts), which the isolation suite probes. A new one fails here
// until it is added there (the inventory's header says how).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, ROUTES } from "../support/tenant/inventory";

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : [p];
  });
}

/** app/r/[slug]/page.tsx -> /r/[slug]; route groups "(x)" do not appear in addresses. */
function routeOf(file: string): string {
  const dir = path.dirname(path.relative("app", file));
  const parts = dir === "." ? [] : dir.split(path.sep).filter((p) => !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

function serverActions(): string[] {
  return files("app")
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .flatMap((f) => {
      const text = fs.readFileSync(f, "utf8");
      if (!/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(text)) return [];
      return [...text.matchAll(/^export async function (\w+)/gm)].map((m) => `${f}#${m[1]}`);
    });
}

describe("tenant inventory", () => {
  const all = files("app");
  const pages = all.filter((f) => /\/page\.tsx?$/.test(f)).map(routeOf);
  const routes = all.filter((f) => /\/route\.ts$/.test(f)).map(routeOf);

  it("lists every page and route handler of app/", () => {
    const missing = [...pages, ...routes].filter((p) => !ROUTES[p]);
    expect(missing, "add these to ROUTES in tests/support/tenant/inventory.ts").toEqual([]);
    const stale = Object.keys(ROUTES).filter((p) => !pages.includes(p) && !routes.includes(p));
    expect(stale, "these no longer exist in app/: remove them from ROUTES").toEqual([]);
    for (const p of pages) expect(ROUTES[p]?.kind, p).toBe("page");
    for (const p of routes) expect(ROUTES[p]?.kind, p).toBe("route");
  });

  it("lists every server action of app/", () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(0);
    expect(
      actions.filter((a) => !ACTIONS[a]),
      "add these to ACTIONS in tests/support/tenant/inventory.ts",
    ).toEqual([]);
    expect(
      Object.keys(ACTIONS).filter((a) => !actions.includes(a)),
      "these no longer exist in app/: remove them from ACTIONS",
    ).toEqual([]);
  });

  it("says why each public entry holds no tenant data", () => {
    for (const [p, e] of Object.entries(ROUTES)) if (e.access === "public") expect(e.why, p).toBeTruthy();
  });
});

// `npm run check` fails on an import cycle between lib/* folders (docs/maintenance.md "Folder
// layering"). Runs scripts/unused-exports.mjs over small trees built here, so the check is
// shown to fail on each way a file can depend on another, and to pass once the cycle is gone.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, "../../scripts/unused-exports.mjs");
const trees: string[] = [];

/** A tree with tsconfig paths like the repository's, and the given files. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "folder-cycles-"));
  trees.push(root);
  const all = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["./*"] } } }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function check(root: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, "--root", root]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

// lib/low is used by lib/high through an exported name that lib/high really uses.
const high = {
  "lib/high/page.ts": 'import { low } from "@/lib/low/base";\nexport const high = () => low;\n',
  "app/page.ts": 'import { high } from "@/lib/high/page";\nexport default high;\n',
};

afterEach(() => {
  for (const root of trees.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("lib folder cycles", () => {
  it("passes a tree whose folders import one way only", async () => {
    const result = await check(tree({ ...high, "lib/low/base.ts": "export const low = 1;\n" }));
    expect(result).toEqual({ code: 0, out: "" });
  });

  const backEdges: Record<string, string> = {
    "a named import": 'import { high } from "@/lib/high/page";\nexport const low = () => high;\n',
    "a type import": 'import type { high } from "@/lib/high/page";\nexport const low = 1 as unknown as typeof high;\n',
    "a re-export": 'export { high } from "@/lib/high/page";\nexport const low = 1;\n',
    "an export *": 'export * from "@/lib/high/page";\nexport const low = 1;\n',
    "a side-effect import": 'import "@/lib/high/page";\nexport const low = 1;\n',
  };
  for (const [how, text] of Object.entries(backEdges))
    it(`fails on a cycle closed by ${how}, naming the folders and the imports`, async () => {
      const result = await check(tree({ ...high, "lib/low/base.ts": text }));
      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        /lib folder cycle (high → low → high: lib\/high\/page\.ts → lib\/low\/base\.ts; lib\/low\/base\.ts → lib\/high\/page\.ts|low → high → low: lib\/low\/base\.ts → lib\/high\/page\.ts; lib\/high\/page\.ts → lib\/low\/base\.ts)/,
      );
    });

  it("ignores imports inside one folder", async () => {
    const result = await check(
      tree({
        ...high,
        "lib/low/base.ts": 'import { other } from "@/lib/low/other";\nexport const low = other;\n',
        "lib/low/other.ts": 'import "@/lib/low/base";\nexport const other = 1;\n',
      }),
    );
    expect(result).toEqual({ code: 0, out: "" });
  });
});

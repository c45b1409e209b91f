// What the code and the docs cite in docs/ is there (docs/maintenance.md "Citing the docs"): runs
// scripts/check-doc-citations.mjs over this repository, and over small trees built here so each
// kind of citation is shown to fail when its target is gone.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, "../../scripts/check-doc-citations.mjs");
const trees: string[] = [];

const GUIDE = [
  "# Guide",
  "## 1. Transport",
  "## Retries: how often (helped: fewer calls)",
  "## Retries: when to stop",
  "## Headers and cookies",
  "- **Units.** Sizes are sent in bytes.",
  "",
].join("\n");

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "doc-citations-"));
  trees.push(root);
  for (const [name, text] of Object.entries({ "docs/guide.md": GUIDE, ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function check(root?: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, ...(root ? ["--root", root] : [])]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

afterEach(() => {
  for (const root of trees.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("citations of docs/", () => {
  it("all resolve in this repository", async () => {
    const { code, out } = await check();
    expect(out).toBe("");
    expect(code).toBe(0);
  }, 30_000);

  it("accepts a heading, its lead (cut at a colon or before a parenthesis), a bold title, an anchor, a section number, a link and a path", async () => {
    const root = tree({
      "lib/a.ts": [
        '// docs/guide.md "Retries: how often" and "Retries: when to stop"',
        '// (docs/guide.md, "Units"), docs/guide.md "Retries: how often (helped: fewer calls)"',
        "// docs/guide.md#retries-when-to-stop, docs/guide.md §1, docs/guide.md alone",
        '// docs/guide.md "Headers and cookies"',
        "",
      ].join("\n"),
      "docs/other.md": "See [the guide](guide.md#1-transport) and [here](#other), and lib/a.ts.\n# Other\n",
    });
    expect(await check(root)).toEqual({ code: 0, out: "" });
  });

  it("refuses a lead cut mid-phrase: only a colon or a parenthesis may end one", async () => {
    const root = tree({
      "lib/a.ts": [
        '// docs/guide.md "Headers"',
        '// docs/guide.md "Headers and"',
        '// docs/guide.md "Retries: how"',
        '// docs/guide.md "Retries: how often (helped"',
        "",
      ].join("\n"),
    });
    const { code, out } = await check(root);
    expect(code).toBe(1);
    expect(out.trim().split("\n")).toEqual([
      'lib/a.ts:1: docs/guide.md: "Headers" is no heading or bold title',
      'lib/a.ts:2: docs/guide.md: "Headers and" is no heading or bold title',
      'lib/a.ts:3: docs/guide.md: "Retries: how" is no heading or bold title',
      'lib/a.ts:4: docs/guide.md: "Retries: how often (helped" is no heading or bold title',
      "4 broken citation(s) of docs/",
    ]);
  });

  it("names each citation whose target is gone, and each named file that is not there", async () => {
    const root = tree({
      "lib/a.ts": [
        '// docs/guide.md "Backoff"',
        '// docs/guide.md "Retries"',
        "// docs/guide.md#backoff and docs/guide.md §2",
        '// docs/gone.md "Anything"',
        "",
      ].join("\n"),
      "docs/other.md": "See [the guide](guide.md#backoff) and [gone](gone.md).\nThe code: `lib/gone.ts`.\n",
    });
    const { code, out } = await check(root);
    expect(code).toBe(1);
    expect(out.trim().split("\n")).toEqual([
      "docs/other.md:2: lib/gone.ts does not exist",
      "docs/other.md:1: guide.md has no heading with the anchor #backoff",
      "docs/other.md:1: the link to gone.md leads nowhere",
      'lib/a.ts:1: docs/guide.md: "Backoff" is no heading or bold title',
      'lib/a.ts:2: docs/guide.md: "Retries" is the start of several headings',
      "lib/a.ts:3: docs/guide.md has no heading with the anchor #backoff",
      "lib/a.ts:3: docs/guide.md has no section numbered 2",
      "lib/a.ts:4: docs/gone.md does not exist",
      "8 broken citation(s) of docs/",
    ]);
  });
});

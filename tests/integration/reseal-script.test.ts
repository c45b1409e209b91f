// `npm run secrets:reseal` without SECRETS_KEY_PREVIOUS cannot tell "nothing needs the previous
// key" from "nothing was checked": it refuses (exit 2, saying what to set) instead of giving the
// green light to remove a key still in use (docs/operations.md "Rotate SECRETS_KEY").
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("npm run secrets:reseal", () => {
  it("refuses to run without the previous key, and never says it can be removed", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.SECRETS_KEY_PREVIOUS;
    const r = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/reseal-secrets.ts"], {
      env,
    }).then(
      (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toContain("SECRETS_KEY_PREVIOUS is not set");
    expect(r.out).not.toContain("can be removed");
  });
});

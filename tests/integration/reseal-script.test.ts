// `npm run secrets:reseal` must never give the green light to remove a key still in use
// (docs/operations.md "Rotate SECRETS_KEY"). Without SECRETS_KEY_PREVIOUS, or with the current key
// in it, it cannot tell "nothing needs the previous key" from "nothing was checked", so it refuses
// (exit 2). With a wrong previous key, the values sealed with the real one open with neither key:
// it names them and exits 4, not 0.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { seal } from "@/lib/crypto/seal";
import { db, disconnectDb } from "@/lib/db";
import { makeOrder, makeTenant } from "../factories";

afterAll(() => disconnectDb());

async function reseal(env: NodeJS.ProcessEnv) {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/reseal-secrets.ts"], { env }).then(
    (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }),
  );
}

describe("npm run secrets:reseal", () => {
  it("refuses to run without the previous key, and never says it can be removed", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.SECRETS_KEY_PREVIOUS;
    const r = await reseal(env);
    expect(r.code).toBe(2);
    expect(r.out).toContain("SECRETS_KEY_PREVIOUS is not set");
    expect(r.out).not.toContain("can be removed");
  });

  it("refuses the current key given as the previous one", async () => {
    const r = await reseal({ ...process.env, SECRETS_KEY_PREVIOUS: process.env.SECRETS_KEY });
    expect(r.code).toBe(2);
    expect(r.out).toContain("SECRETS_KEY_PREVIOUS is the same key as SECRETS_KEY");
    expect(r.out).not.toContain("can be removed");
  });

  it("with a wrong previous key, names what neither key opens and keeps the previous key required", async () => {
    const t = await makeTenant();
    const order = await makeOrder({ tenant: t, status: "queued" });
    const realPrevious = randomBytes(32);
    const sealed = new Uint8Array(seal({ postmaster_password: "Pw-real-old" }, order.id, realPrevious));
    await db().order.update({ where: { id: order.id }, data: { sealedSecret: sealed } });

    const r = await reseal({ ...process.env, SECRETS_KEY_PREVIOUS: randomBytes(32).toString("base64") });
    expect(r.code).toBe(4);
    expect(r.out).toContain("opened by neither key");
    expect(r.out).toContain("check that SECRETS_KEY_PREVIOUS is the key SECRETS_KEY replaced");
    expect(r.out).not.toContain("can be removed");
    // Left exactly as it was, so the right key still opens it.
    const now = await db().order.findUniqueOrThrow({ where: { id: order.id } });
    expect(Buffer.from(now.sealedSecret!).equals(Buffer.from(sealed))).toBe(true);
  });
});

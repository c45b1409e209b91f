// TOTP checks (lib/auth/totp.ts; docs/security.md "Two-factor sign-in (TOTP)").
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { newTotpSecret, TOTP_PERIOD_SECONDS, verifyTotp } from "@/lib/auth/totp";

const stepOf = (ms: number) => Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe("verifyTotp", () => {
  const secret = newTotpSecret();
  // The middle of a step, so the drift window is one step either way.
  const now = (Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) * TOTP_PERIOD_SECONDS + 15) * 1000;

  it("accepts the current code once: not again after its step was stored", async () => {
    const code = await codeAt(secret, now);
    expect(await verifyTotp(secret, code, null, now)).toBe(stepOf(now));
    expect(await verifyTotp(secret, code, stepOf(now), now)).toBeNull();
    expect(await verifyTotp(secret, code, stepOf(now) - 1, now)).toBe(stepOf(now));
  });

  it("answers a wrong code, without throwing, when the stored step is ahead of this clock", async () => {
    // Stored by a process whose clock ran 60 s ahead (or before this clock was set back).
    const stored = stepOf(now + 60_000);
    for (const at of [now, now + 30_000, now + 60_000]) {
      await expect(verifyTotp(secret, await codeAt(secret, at), stored, now)).resolves.toBeNull();
    }
    // At the window's edge the library answers without throwing as well.
    await expect(verifyTotp(secret, await codeAt(secret, now + 30_000), stepOf(now + 30_000), now)).resolves.toBeNull();
  });
});

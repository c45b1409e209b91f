import { afterEach, describe, expect, it } from "vitest";
import { register } from "@/instrumentation";
import { defaultNextAuthUrl, env, resetEnvCache } from "@/lib/env";

describe("env", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("names a bad variable without echoing its value", () => {
    process.env.DATABASE_URL = "mysql://secret-password@host/db";
    resetEnvCache();
    expect(() => env()).toThrowError(/DATABASE_URL: must be a postgresql/);
    expect(() => env()).not.toThrowError(/secret-password/);
  });

  it("applies defaults for tuning values", () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    delete process.env.GROMMUNIO_CONCURRENCY;
    resetEnvCache();
    expect(env().GROMMUNIO_CONCURRENCY).toBe(4);
  });

  it("refuses a pool floor above the pool's maximum, naming both", () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    process.env.DATABASE_POOL_MAX = "8";
    process.env.DATABASE_POOL_MIN = "12";
    resetEnvCache();
    expect(() => env()).toThrowError(/DATABASE_POOL_MIN: must not be more than DATABASE_POOL_MAX \(8\)/);
    process.env.DATABASE_POOL_MIN = "8";
    resetEnvCache();
    expect(env()).toMatchObject({ DATABASE_POOL_MAX: 8, DATABASE_POOL_MIN: 8 });
    delete process.env.DATABASE_POOL_MIN;
    resetEnvCache();
    expect(env().DATABASE_POOL_MIN).toBeUndefined(); // lib/db.ts keeps all of the maximum open
  });

  it("refuses a SECRETS_KEY that is not a 32-byte key at start-up, naming it, without echoing it", () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    process.env.SECRETS_KEY = "k".repeat(44); // base64 of 33 bytes
    resetEnvCache();
    expect(() => env()).toThrowError(/SECRETS_KEY: must decode to exactly 32 bytes/);
    try {
      env();
    } catch (err) {
      expect(String(err)).not.toContain("k".repeat(44));
    }
    process.env.SECRETS_KEY = Buffer.alloc(32, 7).toString("hex");
    resetEnvCache();
    expect(env().SECRETS_KEY).toBe(Buffer.alloc(32, 7).toString("hex"));
  });

  it("refuses a SECRETS_KEY_PREVIOUS that is not a key at start-up, without echoing it; empty is none", () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    process.env.SECRETS_KEY_PREVIOUS = "not-a-key-at-all";
    resetEnvCache();
    expect(() => env()).toThrowError(/SECRETS_KEY_PREVIOUS: must decode to exactly 32 bytes/);
    expect(() => env()).not.toThrowError(/not-a-key-at-all/);
    process.env.SECRETS_KEY_PREVIOUS = "";
    resetEnvCache();
    expect(env().SECRETS_KEY_PREVIOUS).toBeUndefined();
    process.env.SECRETS_KEY_PREVIOUS = Buffer.alloc(32, 7).toString("base64");
    resetEnvCache();
    expect(env().SECRETS_KEY_PREVIOUS).toBe(Buffer.alloc(32, 7).toString("base64"));
  });

  it("refuses a NEXTAUTH_URL that names another address than APP_URL, saying what to set", () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    process.env.APP_URL = "https://portal.example";
    for (const other of ["http://localhost:3000", "http://portal.example", "https://portal.example/portal"]) {
      process.env.NEXTAUTH_URL = other;
      resetEnvCache();
      expect(() => env()).toThrowError(
        /NEXTAUTH_URL: must be the address in APP_URL \(https:\/\/portal\.example\): set it to APP_URL's value, or leave it unset/,
      );
    }
    for (const same of ["https://portal.example", "https://portal.example/", "https://portal.example/api/auth", ""]) {
      process.env.NEXTAUTH_URL = same;
      resetEnvCache();
      expect(() => env(), same).not.toThrow();
    }
  });

  it("sets NEXTAUTH_URL from APP_URL when the web server starts without it, and keeps one that is set", async () => {
    process.env.DATABASE_URL = "postgresql://u@127.0.0.1/db";
    process.env.APP_URL = "https://portal.example";
    delete process.env.NEXTAUTH_URL;
    resetEnvCache();
    defaultNextAuthUrl();
    expect(process.env.NEXTAUTH_URL).toBe("https://portal.example");
    process.env.NEXTAUTH_URL = "https://portal.example/api/auth";
    resetEnvCache();
    defaultNextAuthUrl();
    expect(process.env.NEXTAUTH_URL).toBe("https://portal.example/api/auth");
    // As the server starts (npm start, the image and the demo all run scripts/server.mjs, whose
    // Next.js calls register() before answering anything).
    delete process.env.NEXTAUTH_URL;
    process.env.NEXT_RUNTIME = "nodejs";
    resetEnvCache();
    await register();
    expect(process.env.NEXTAUTH_URL).toBe("https://portal.example");
  });
});

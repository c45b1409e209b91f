import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "@/lib/env";

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
});

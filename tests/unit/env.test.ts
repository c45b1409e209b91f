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
});

// No secret ships with the portal (docs/security.md "Secrets"): production refuses a missing or
// published secret, compose has no fallback values, and demo users need an explicit flag.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
const GOOD = {
  AUTH_SECRET: "Qm9vdHN0cmFwcGVkLXNlY3JldC1mb3ItdGVzdHMxMjM0",
  SECRETS_KEY: Buffer.alloc(32, 0x5a).toString("base64"),
};

function envWith(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  return () => env();
}

describe("shipped secrets", () => {
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  const base = { DATABASE_URL: "postgresql://x@127.0.0.1:1/x", NODE_ENV: "production" };

  it("production refuses a missing secret, naming it", () => {
    expect(envWith({ ...base, ...GOOD, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET: is required in production/);
    expect(envWith({ ...base, ...GOOD, SECRETS_KEY: undefined })).toThrow(/SECRETS_KEY: is required in production/);
  });

  it("production refuses the secrets this repository once published, and placeholders", () => {
    expect(envWith({ ...base, ...GOOD, AUTH_SECRET: "change-me-demo-auth-secret-0123456789abcdef" })).toThrow(
      /AUTH_SECRET: is a published or placeholder demo value/,
    );
    expect(envWith({ ...base, ...GOOD, SECRETS_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" })).toThrow(
      /SECRETS_KEY: is a published/,
    );
    expect(envWith({ ...base, ...GOOD, AUTH_SECRET: "please-changeme-0123456789abcdef0123" })).toThrow(/AUTH_SECRET/);
  });

  it("production refuses the simulators' credentials for a real upstream, which compose falls back to", () => {
    const real = { GROMMUNIO_API_URL: "https://mail.example.com/api/v1", QBOXMAIL_API_URL: "https://api.example.com" };
    expect(envWith({ ...base, ...GOOD, ...real, GROMMUNIO_PASSWORD: "sim-grommunio-secret" })).toThrow(
      /GROMMUNIO_PASSWORD: is the simulators' published value, but GROMMUNIO_API_URL names another host/,
    );
    expect(envWith({ ...base, ...GOOD, ...real, QBOXMAIL_API_TOKEN: "sim-qboxmail-token" })).toThrow(
      /QBOXMAIL_API_TOKEN: is the simulators'/,
    );
    // An address that does not parse is named by its own check, not a crash of this one.
    expect(
      envWith({ ...base, ...GOOD, GROMMUNIO_API_URL: "mail.example.com", GROMMUNIO_PASSWORD: "sim-grommunio-secret" }),
    ).toThrow(/GROMMUNIO_API_URL/);
    // Against compose's simulators they are what the simulators expect.
    expect(
      envWith({
        ...base,
        ...GOOD,
        GROMMUNIO_API_URL: "http://simulators:7101/api/v1",
        GROMMUNIO_PASSWORD: "sim-grommunio-secret",
        QBOXMAIL_API_URL: "http://simulators:7102",
        QBOXMAIL_API_TOKEN: "sim-qboxmail-token",
      })(),
    ).toMatchObject({ GROMMUNIO_PASSWORD: "sim-grommunio-secret" });
  });

  it("accepts real secrets in production, and none in development", () => {
    expect(envWith({ ...base, ...GOOD })()).toMatchObject({ NODE_ENV: "production" });
    expect(
      envWith({ ...base, NODE_ENV: "development", AUTH_SECRET: undefined, SECRETS_KEY: undefined })(),
    ).toMatchObject({ NODE_ENV: "development" });
  });

  it("docker compose has no fallback secrets and never seeds the demo users", () => {
    const compose = fs.readFileSync("docker-compose.yml", "utf8");
    expect(compose).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?/);
    expect(compose).toMatch(/SECRETS_KEY: \$\{SECRETS_KEY:\?/);
    // The database's password too: every clone of the repository would share a published one.
    expect(compose).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(compose).not.toMatch(/postgresql:\/\/portal:portal@/);
    expect(compose).not.toMatch(/prisma\/seed/);
  });

  it("the seed creates demo users only with --demo", () => {
    const r = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts"], {
      encoding: "utf8",
      env: { ...saved, DATABASE_URL: "postgresql://x@127.0.0.1:1/x" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Pass --demo/);
  }, 60_000);
});

import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseSecretsKey, seal } from "@/lib/crypto/seal";

const key = randomBytes(32);
const secrets = { postmaster_password: "Canary-Pass-42" };

describe("sealing order secrets", () => {
  it("round-trips for the same order and never contains the clear text", () => {
    const id = randomUUID();
    const sealed = seal(secrets, id, key);
    expect(sealed.toString("latin1")).not.toContain("Canary-Pass-42");
    expect(open(sealed, id, key)).toEqual(secrets);
  });

  it("uses a fresh IV every time", () => {
    const id = randomUUID();
    expect(seal(secrets, id, key).equals(seal(secrets, id, key))).toBe(false);
  });

  it("refuses a sealed value moved to another order (associated data)", () => {
    const sealed = seal(secrets, randomUUID(), key);
    expect(() => open(sealed, randomUUID(), key)).toThrow(/could not be opened/);
  });

  it("refuses tampered data and another key", () => {
    const id = randomUUID();
    const sealed = seal(secrets, id, key);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => open(tampered, id, key)).toThrow(/could not be opened/);
    expect(() => open(sealed, id, randomBytes(32))).toThrow(/could not be opened/);
    expect(() => open(sealed.subarray(0, 10), id, key)).toThrow(/unknown format/);
  });

  it("accepts 32-byte keys in hex or base64 and names nothing but the rule otherwise", () => {
    const raw = randomBytes(32);
    expect(parseSecretsKey(raw.toString("hex")).equals(raw)).toBe(true);
    expect(parseSecretsKey(raw.toString("base64")).equals(raw)).toBe(true);
    expect(() => parseSecretsKey("c2hvcnQ=")).toThrow(/exactly 32 bytes/);
    expect(() => parseSecretsKey(undefined)).toThrow(/not set/);
    let refusal: unknown;
    try {
      parseSecretsKey("not-a-secret-key-value");
    } catch (e) {
      refusal = e;
    }
    expect(String(refusal)).toMatch(/exactly 32 bytes/);
    expect(String(refusal)).not.toContain("not-a-secret-key-value");
  });
});

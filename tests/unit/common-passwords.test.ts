import { describe, expect, it } from "vitest";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { COMMON_PASSWORDS_TEXT } from "@/lib/auth/common-passwords-list";
import { accountPasswordProblem, accountPasswordSchema } from "@/lib/auth/password-policy";

describe("common password list", () => {
  it("holds thousands of lower-case entries, the most common first", () => {
    const entries = COMMON_PASSWORDS_TEXT.split("\n");
    expect(entries.length).toBeGreaterThan(5_000);
    expect(entries.slice(0, 2)).toEqual(["123456", "password"]);
    expect(entries.every((e) => e === e.toLowerCase() && e.length > 0)).toBe(true);
  });

  it("recognises listed passwords whatever their case", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("PassWord")).toBe(true);
    expect(isCommonPassword("qwertyuiop")).toBe(true);
    expect(isCommonPassword("1qaz2wsx3edc")).toBe(true);
  });

  it("sees a common word behind added digits and symbols", () => {
    expect(isCommonPassword("Password2026!")).toBe(true);
    expect(isCommonPassword("!!football1234")).toBe(true);
    expect(isCommonPassword("aaaaaaaaaaaaaa")).toBe(true);
  });

  it("lets ordinary strong passwords through", () => {
    expect(isCommonPassword("demo-password-2026")).toBe(false);
    expect(isCommonPassword("violet tractor 93 umbrella")).toBe(false);
    expect(isCommonPassword("Kx7#pLm2vQ9z")).toBe(false);
    expect(isCommonPassword("")).toBe(false);
  });
});

describe("account password rule", () => {
  it("wants 12 characters and no common password, and says which", () => {
    expect(accountPasswordProblem("short-pw1")).toBe("Use at least 12 characters");
    expect(accountPasswordProblem("qwertyuiop123")).toMatch(/most common passwords/);
    expect(accountPasswordProblem("x".repeat(201))).toBe("Use at most 200 characters");
    expect(accountPasswordProblem("violet tractor 93 umbrella")).toBeUndefined();
    expect(accountPasswordSchema.safeParse("").error?.issues[0]?.message).toBe("Enter a password");
    expect(accountPasswordSchema.safeParse("  padded password  ").data).toBe("  padded password  ");
  });
});

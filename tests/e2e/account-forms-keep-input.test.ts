// My account's forms after a refusal: they submit from onSubmit (app/ui/use-submit-action.ts),
// because React empties a <form action> after every submission. The password form clears only
// the password the server refused (dots cannot be corrected, only retyped); a refused two-factor
// code stays, to be corrected.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { beginEnrolment, confirmEnrolment } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { signIn } from "../support/e2e/browser";
import { fileBrowser } from "../support/e2e/file-browser";
import { freshCode } from "../support/e2e/totp";

const PASSWORD = "a long e2e password 2026";
const browser = fileBrowser();

/** A new reseller user of Alpine, signed in; with `twoFactor` its second factor is on. */
async function signedIn({ twoFactor = false } = {}): Promise<{ page: Page; userId: string }> {
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  const user = await db().user.create({
    data: {
      email: `kept-${randomUUID().slice(0, 8)}@alpine.example.test`,
      name: "Kim Kept",
      role: "reseller",
      resellerId: reseller.id,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  if (twoFactor) {
    const { secret } = await beginEnrolment(user);
    await confirmEnrolment(
      { ...user, sessionId: null },
      { code: await freshCode(secret, null), currentPassword: PASSWORD },
    );
  }
  const page = await browser.page();
  await signIn(page, user.email, PASSWORD);
  await page.waitForURL("**/r/alpine");
  return { page, userId: user.id };
}

describe("account forms after a refusal", () => {
  it("the password form clears the refused password and keeps the others", async () => {
    const { page: p, userId } = await signedIn();
    const before = (await db().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;
    await p.goto("/account/password");
    const form = p.getByRole("form", { name: "Change password" });
    const current = form.locator("#currentPassword");
    const next = form.locator("#newPassword");
    const again = form.locator("#confirmPassword");

    await current.fill("not my password at all");
    await next.fill("a brand new password 2026");
    await again.fill("a brand new password 2026");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("Your current password is not right").waitFor();
    // Focus lands on what to fix, so a screen reader reads the field and its message.
    const focused = () => p.evaluate(() => document.activeElement?.id);
    await expect.poll(focused).toBe("currentPassword");
    await expect.poll(() => current.inputValue()).toBe("");
    await expect(next.inputValue()).resolves.toBe("a brand new password 2026");
    await expect(again.inputValue()).resolves.toBe("a brand new password 2026");

    await current.fill(PASSWORD);
    await again.fill("a brand new password 2027");
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("The two new passwords differ").waitFor();
    await expect.poll(focused).toBe("confirmPassword");
    await expect(current.inputValue()).resolves.toBe(PASSWORD);
    await expect(next.inputValue()).resolves.toBe("a brand new password 2026");
    await expect.poll(() => again.inputValue()).toBe("");
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBe(before);
  });

  it("turning two-factor sign-in off keeps a refused code", async () => {
    const { page: p, userId } = await signedIn({ twoFactor: true });
    await p.goto("/account/two-factor");
    const form = p.getByRole("form", { name: "Turn off two-factor sign-in" });
    await form.getByLabel("Code from the app").fill("000000");
    await form.getByRole("button", { name: "Turn off" }).click();
    await form.getByText("That code is not right").waitFor();
    await expect(form.getByLabel("Code from the app").inputValue()).resolves.toBe("000000");
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).totpEnabledAt).not.toBeNull();
  });

  it("the first Tab reaches a link past the header to the page's own content", async () => {
    const { page: p } = await signedIn();
    await p.goto("/account/password");
    await p.keyboard.press("Tab");
    const link = await p.evaluate(() => {
      const a = document.activeElement as HTMLAnchorElement | null;
      return { text: a?.textContent, href: a?.getAttribute("href") };
    });
    expect(link).toEqual({ text: "Skip to the page's content", href: "#main" });
    await expect(p.locator("main#main").count()).resolves.toBe(1);
  });
});

// Administration in Chromium: users and reseller limits, each change audited; admin only.
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { closeBrowser, completeEnrolment, newPage, screenshot, signIn } from "../support/e2e/browser";
import { newStaffUser } from "../support/e2e/staff";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const tag = randomUUID().slice(0, 8);
const contexts: BrowserContext[] = [];

async function page(email: string): Promise<Page> {
  const { context, page } = await newPage();
  contexts.push(context);
  await signIn(page, email, PASSWORD);
  return page;
}

describe("administration", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("creates a support user who can then sign in", async () => {
    const email = `new-support-${tag}@example.test`;
    const adminEmail = await newStaffUser("admin");
    const p = await page(adminEmail);
    await p.goto("/admin/users");
    // The headings step down one level at a time (h1, then the form's and each user's h2).
    const levels = await p.$$eval("main h1, main h2, main h3, main h4", (hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level, i) => i > 0 && level > levels[i - 1]! + 1)).toEqual([]);
    const form = p.getByRole("form", { name: "Create a user" });
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Name", { exact: true }).fill("Nia New");
    await form.getByLabel("Role").selectOption("support");
    await form.getByLabel("Initial password").fill(PASSWORD);
    await form.getByLabel("Reason").fill("New hire");
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByText(`User ${email} created.`).waitFor();
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.create" },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ actorLabel: adminEmail, reason: "New hire" });

    // The same address again: refused beside the E-mail field, which the form marks invalid.
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Name", { exact: true }).fill("Nia Again");
    await form.getByLabel("Role").selectOption("support");
    await form.getByLabel("Initial password").fill(PASSWORD);
    await form.getByLabel("Reason").fill("Twice by mistake");
    await form.getByRole("button", { name: "Create user" }).click();
    const emailField = form.getByLabel("E-mail");
    await expect.poll(() => emailField.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await emailField.getAttribute("aria-describedby")) ?? "";
    const said = await Promise.all(describedBy.split(" ").map((id) => p.locator(`[id="${id}"]`).textContent()));
    expect(said.join(" ")).toContain("A user with this e-mail address exists already");
    expect(await db().user.count({ where: { email } })).toBe(1);

    // First sign-in: the admin's password must be replaced, then two-factor set up.
    const newcomer = await page(email);
    await newcomer.waitForURL("**/account/password");
    await newcomer.getByText("An administrator set your password").waitFor();
    await newcomer.locator("#currentPassword").fill(PASSWORD);
    await newcomer.locator("#newPassword").fill("nia chose this herself");
    await newcomer.locator("#confirmPassword").fill("nia chose this herself");
    await newcomer.getByRole("button", { name: "Change password" }).click();
    await newcomer.getByText("Password changed.").waitFor();
    await newcomer.getByRole("link", { name: "Continue" }).click();
    await newcomer.waitForURL("**/account/two-factor");
    await completeEnrolment(newcomer, "nia chose this herself");
    await newcomer.waitForURL("**/support");
    expect((await db().user.findUniqueOrThrow({ where: { email } })).mustChangePassword).toBe(false);
  });

  it("disables a user: their open session ends at the next request", async () => {
    const email = `to-disable-${tag}@example.test`;
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "baltic" } });
    await db().user.create({
      data: {
        email,
        name: "Dora Disable",
        role: "reseller",
        resellerId: reseller.id,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const victim = await page(email);
    await victim.waitForURL("**/r/baltic");

    const adminEmail = await newStaffUser("admin");
    const p = await page(adminEmail);
    // The list shows a page of users at a time: the admin finds this one by a search.
    await p.goto("/admin/users");
    await p.getByLabel("Find a user by e-mail, name or reseller").fill("dora disable");
    await p.getByRole("button", { name: "Search" }).click();
    await p.waitForURL(/q=dora/);
    const item = p.locator(`li[data-user="${email}"]`);
    await item.getByText("Manage").click();
    const form = item.getByRole("form", { name: "Disable (ends their sessions)" });
    await form.getByLabel("Reason").fill("Contract ended");
    await form.getByRole("button", { name: "Disable user" }).click();
    // Nothing happens before the admin has read what disabling does.
    await form.getByText("is signed out everywhere at their next click").waitFor();
    expect((await db().user.findUniqueOrThrow({ where: { email } })).disabledAt).toBeNull();
    await form.getByRole("button", { name: "Yes, disable Dora Disable" }).click();
    await item.getByText("disabled", { exact: true }).waitFor();
    await screenshot(p, "admin-user-disabled");
    // The answer swaps the disable form for the enable form: the success is said in the page's
    // live region, and focus lands on the user's name rather than on the page's body.
    const { id: userId } = await db().user.findUniqueOrThrow({ where: { email } });
    const announced = () => p.getByTestId("announcer").textContent();
    const focused = () => p.evaluate(() => document.activeElement?.id);
    await expect.poll(announced).toBe("User disabled; their sessions have ended.");
    await expect.poll(focused).toBe(`user-${userId}`);
    expect(await item.getByRole("heading", { name: `Dora Disable <${email}>` }).getAttribute("id")).toBe(
      `user-${userId}`,
    );

    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect(row.sessionVersion).toBe(2);
    expect(row.disabledAt).not.toBeNull();
    await victim.reload();
    expect(new URL(victim.url()).pathname).toBe("/login");

    // Enabling swaps them back, said and focused the same way.
    const enable = item.getByRole("form", { name: "Enable" });
    await enable.getByLabel("Reason").fill("Contract renewed");
    await enable.getByRole("button", { name: "Enable user" }).click();
    await expect.poll(announced).toBe("User enabled.");
    await expect.poll(focused).toBe(`user-${userId}`);
    await item.getByRole("form", { name: "Disable (ends their sessions)" }).waitFor();
    expect((await db().user.findUniqueOrThrow({ where: { email } })).disabledAt).toBeNull();
  });

  it("edits a reseller's limits with a reason", async () => {
    const adminEmail = await newStaffUser("admin");
    const p = await page(adminEmail);
    await p.goto("/admin/resellers");
    const item = p.locator('li[data-reseller="baltic"]');
    const form = item.getByRole("form", { name: "Save limits" });
    await form.getByLabel("Max domains").fill("42");
    await form.getByLabel("Reason").fill("Upgraded plan");
    await form.getByRole("button", { name: "Save limits" }).click();
    await item.getByText("Limits saved.").waitFor();
    expect((await db().reseller.findUniqueOrThrow({ where: { slug: "baltic" } })).maxDomains).toBe(42);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.reseller.limits" },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({ maxDomains: 42 });
  });

  it("shares a grommunio server with a reseller and sets its upstream identifiers", async () => {
    const adminEmail = await newStaffUser("admin");
    const p = await page(adminEmail);
    await p.goto("/admin/resellers");
    const item = p.locator('li[data-reseller="baltic"]');
    const share = item.getByRole("form", { name: "Share server" });
    await share.getByLabel("grommunio server ID").fill("9");
    await share.getByLabel("Label (host name)").fill("pool9.example.net");
    await share.getByLabel("Reason").fill("Shared pool");
    await share.getByRole("button", { name: "Share server" }).click();
    await item.getByText("Server 9: pool9.example.net").waitFor();
    const ids = item.getByRole("form", { name: "Save identifiers" });
    await ids.getByLabel("Qboxmail customer code").fill("C-BALTIC");
    await ids.getByLabel("Reason").fill("Onboarding");
    await ids.getByRole("button", { name: "Save identifiers" }).click();
    await item.getByText("Upstream identifiers saved; new orders use them.").waitFor();
    const baltic = await db().reseller.findUniqueOrThrow({
      where: { slug: "baltic" },
      include: { sharedServers: true },
    });
    expect(baltic.qboxmailCustomerCode).toBe("C-BALTIC");
    expect(baltic.sharedServers.map((s) => s.serverId)).toEqual([9]);
  });

  it("refuses a save from a page loaded before another admin's save, and says whose identifier is taken", async () => {
    const adminEmail = await newStaffUser("admin");
    const first = await page(adminEmail);
    const second = await page(adminEmail);
    await first.goto("/admin/resellers");
    await second.goto("/admin/resellers");
    const limitsOn = (p: Page) => p.locator('li[data-reseller="baltic"]').getByRole("form", { name: "Save limits" });
    await limitsOn(first).getByLabel("Max managers").fill("17");
    await limitsOn(first).getByLabel("Reason").fill("Upgraded plan");
    await limitsOn(first).getByRole("button", { name: "Save limits" }).click();
    await limitsOn(first).getByText("Limits saved.").waitFor();
    // The page that saved shows the new version: its next form saves without a reload. A code
    // another reseller holds is refused beside its field, naming that reseller.
    const code = `C-ALP-${tag}`;
    await db().reseller.update({ where: { slug: "alpine" }, data: { qboxmailCustomerCode: code } });
    const ids = first.locator('li[data-reseller="baltic"]').getByRole("form", { name: "Save identifiers" });
    await ids.getByLabel("Qboxmail customer code").fill(code);
    await ids.getByLabel("Reason").fill("Onboarding");
    await ids.getByRole("button", { name: "Save identifiers" }).click();
    await ids.getByText(/This Qboxmail customer code already belongs to the reseller .* \(alpine\)/).waitFor();
    expect(await ids.getByLabel("Qboxmail customer code").getAttribute("aria-invalid")).toBe("true");
    await ids.getByLabel("Qboxmail customer code").fill(`C-BAL-${tag}`);
    await ids.getByRole("button", { name: "Save identifiers" }).click();
    await ids.getByText("Upstream identifiers saved; new orders use them.").waitFor();
    expect((await db().reseller.findUniqueOrThrow({ where: { slug: "baltic" } })).qboxmailCustomerCode).toBe(
      `C-BAL-${tag}`,
    );
    // The second page still shows the reseller as it was before both saves: refused, what was
    // typed kept.
    await limitsOn(second).getByLabel("Max managers").fill("3");
    await limitsOn(second).getByLabel("Reason").fill("Downgrade");
    await limitsOn(second).getByRole("button", { name: "Save limits" }).click();
    await limitsOn(second).getByText("Someone else changed this reseller after this page was loaded").waitFor();
    expect(await limitsOn(second).getByLabel("Max managers").inputValue()).toBe("3");
    expect((await db().reseller.findUniqueOrThrow({ where: { slug: "baltic" } })).maxManagers).toBe(17);
    // Saved again, without a reload: the page holds the new version now, so the second save goes
    // through, with what was typed.
    await limitsOn(second).getByRole("button", { name: "Save limits" }).click();
    await limitsOn(second).getByText("Limits saved.").waitFor();
    expect((await db().reseller.findUniqueOrThrow({ where: { slug: "baltic" } })).maxManagers).toBe(3);
    // Left as the first save made it, for the files after this one.
    await db().reseller.update({ where: { slug: "baltic" }, data: { maxManagers: 17 } });
    await db().reseller.update({ where: { slug: "alpine" }, data: { qboxmailCustomerCode: null } });
  });

  it("is admin only: support staff get not-found", async () => {
    const p = await page(await newStaffUser("support"));
    await p.waitForURL("**/support");
    for (const path of ["/admin", "/admin/users", "/admin/resellers"]) {
      expect((await p.goto(path))?.status(), path).toBe(404);
    }
  });
});

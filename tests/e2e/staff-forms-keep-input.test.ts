// Support's and the admin's forms keep what was typed when the server refuses it: they submit from
// onSubmit (app/ui/use-submit-action.ts), because React empties a <form action> after every
// submission and the person had to type the reason, the e-mail address, … again to fix one field.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fileBrowser } from "../support/e2e/file-browser";
import { newStaffUser } from "../support/e2e/staff";

const tag = randomUUID().slice(0, 8);
const browser = fileBrowser();
const page = (email: string) => browser.signedIn(email);

describe("staff forms after a refusal", () => {
  it("the admin's new-user form keeps the e-mail, name, role and reason", async () => {
    const email = `kept-${tag}@example.test`;
    const p = await page(await newStaffUser("admin"));
    await p.goto("/admin/users");
    const form = p.getByRole("form", { name: "Create a user" });
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Name", { exact: true }).fill("Kim Kept");
    await form.getByLabel("Role").selectOption("support");
    await form.getByLabel("Initial password").fill("short");
    await form.getByLabel("Reason").fill("New hire");
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByText("Use at least 12 characters").first().waitFor();
    await expect(form.getByLabel("E-mail").inputValue()).resolves.toBe(email);
    await expect(form.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Kim Kept");
    await expect(form.getByLabel("Role").inputValue()).resolves.toBe("support");
    await expect(form.getByLabel("Reason").inputValue()).resolves.toBe("New hire");
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
  });

  it("support's order action keeps the reason when the order changed meanwhile", async () => {
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const user = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
    const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
    const name = `kept-${tag}.example.com`;
    const order = await db().order.create({
      data: {
        resellerId: reseller.id,
        customerId: customer.id,
        createdById: user.id,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        status: "queued",
        naturalKey: name,
        displayName: name,
        payload: { name, plan: "professional" },
        idempotencyKey: randomUUID(),
        queuedAt: new Date(Date.now() + 86_400_000),
      },
    });
    const p = await page(await newStaffUser("support"));
    await p.goto(`/support/orders/${order.id}`);
    const cancel = p.getByRole("form", { name: "Cancel the order" });
    // Typed first: the page stops following the order once a field holds typing (live-refresh.tsx),
    // so the change below cannot reach it before the click.
    await cancel.getByLabel("Reason").fill("duplicate order");
    await db().order.update({ where: { id: order.id }, data: { version: { increment: 1 } } });
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await cancel.getByRole("button", { name: "Yes, cancel the order" }).click();
    await cancel.getByText(/This order changed since you opened it/).waitFor();
    await expect(cancel.getByLabel("Reason").inputValue()).resolves.toBe("duplicate order");
  });

  it("support's adopt form keeps the customer chosen when another service owns the resource", async () => {
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const name = `kept-${tag}.example.net`;
    // Seen "tomorrow": a drift check running meanwhile must not clear it as no longer seen.
    const finding = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: `QBX-kept-${tag}`,
        naturalKey: name,
        type: "unowned",
        lastSeenAt: new Date(Date.now() + 86_400_000),
      },
    });
    const target = await db().customer.create({
      data: { resellerId: reseller.id, name: `Kept Target ${tag}`, reference: `kept-ref-${tag}` },
    });
    const p = await page(await newStaffUser("support"));
    await p.goto(`/support/drift/${finding.id}?q=kept-ref-${tag}`);
    // Meanwhile a live service got the resource: adopting it again is refused.
    await db().service.create({
      data: {
        resellerId: reseller.id,
        customerId: target.id,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        upstreamRef: finding.upstreamRef,
        naturalKey: name,
        displayName: name,
      },
    });
    const form = p.getByRole("form", { name: "Adopt" });
    await form.getByLabel("Customer").selectOption(target.id);
    await form.getByLabel("Reason").fill("Found in the Qboxmail panel");
    await form.getByRole("button", { name: "Adopt" }).click();
    await form.getByRole("button", { name: "Yes, adopt it" }).click();
    await form.getByText("Another service already owns this resource").waitFor();
    await expect(form.getByLabel("Customer").inputValue()).resolves.toBe(target.id);
    await expect(form.getByLabel("Reason").inputValue()).resolves.toBe("Found in the Qboxmail panel");
  });
});

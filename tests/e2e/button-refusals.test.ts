// The one-button actions say why they changed nothing, beside the button (app/ui/action-button.tsx):
// Resend on an endpoint turned off meanwhile, Turn back on racing a password change made in another
// session, Revoke of a token a colleague revoked first. Before, each only reloaded the page.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { revokeApiToken } from "@/lib/api/tokens";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { signIn } from "../support/e2e/browser";
import { fileBrowser } from "../support/e2e/file-browser";

const PASSWORD = "a long e2e password 2026";
const browser = fileBrowser();

/** A new reseller user of Alpine, signed in on its home page. */
async function signedInAlpineUser() {
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  const user = await db().user.create({
    data: {
      email: `buttons-${randomUUID().slice(0, 8)}@alpine.example.test`,
      name: "Bea Button",
      role: "reseller",
      resellerId: reseller.id,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  const page = await browser.page();
  await signIn(page, user.email, PASSWORD);
  await page.waitForURL("**/r/alpine");
  return { page, user, resellerId: reseller.id };
}

/** An endpoint of Alpine at an address nothing answers (never sent to here: nothing is pending). */
function endpointOf(resellerId: string, disabledAt: Date | null) {
  return db().webhookEndpoint.create({
    data: {
      resellerId,
      url: `https://receiver.example.test/${randomUUID()}`,
      events: ["order.placed"],
      sealedSecret: Buffer.from("not opened by this test"),
      disabledAt,
      disabledReason: disabledAt ? "Turned off by the e2e test." : null,
    },
  });
}

describe("one-button actions that change nothing say why", () => {
  it("Resend on an endpoint turned off meanwhile: says to turn it back on first, and the page offers that", async () => {
    const { page, resellerId } = await signedInAlpineUser();
    const endpoint = await endpointOf(resellerId, null);
    const delivery = await db().webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        resellerId,
        eventType: "order.placed",
        payload: { type: "order.placed", data: {} },
        status: "succeeded",
        attemptCount: 1,
        lastStatusCode: 200,
        deliveredAt: new Date(),
      },
    });
    await page.goto(`/r/alpine/webhooks/${endpoint.id}`);
    const row = page.locator("tbody tr", { has: page.getByText(delivery.id, { exact: true }) });
    const resend = row.getByRole("button", { name: `Resend order.placed delivery ${delivery.id}` });
    await resend.waitFor();

    // Turned off while the page was open, as five days of failures or a password change do.
    await db().webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { disabledAt: new Date(), disabledReason: "Turned off by the e2e test." },
    });
    await resend.click();
    const said = row.getByRole("alert");
    await expect
      .poll(() => said.textContent())
      .toBe(
        "Not resent: this endpoint is turned off. Turn it back on first; the deliveries that waited or failed while it was failing are then sent again.",
      );
    // The page, shown again, has the endpoint's notice and its button; the row keeps the answer.
    await page.getByRole("button", { name: "Turn back on" }).waitFor();
    expect(await row.getByRole("button").count()).toBe(0);
    const delivered = await db().webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(delivered.status).toBe("succeeded");
  });

  it("Turn back on while a password change in another session ends this one: says to sign in again, and the endpoint stays off", async () => {
    const { page, user, resellerId } = await signedInAlpineUser();
    const endpoint = await endpointOf(resellerId, new Date());
    await page.goto(`/r/alpine/webhooks/${endpoint.id}`);
    const turnOn = page.getByRole("button", { name: "Turn back on" });
    await turnOn.waitFor();

    const newHash = await hashPassword("another long password 2027");
    // The change holds the user row from its first statement to its commit, as a password change
    // does (lib/auth/change-password.ts); the click's transaction reads that row FOR SHARE first
    // (lib/auth/still-as-checked.ts) and so waits, after its page guard found the session live.
    await db().$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE app_user SET password_hash = ${newHash} WHERE id = ${user.id}::uuid`;
        await turnOn.click();
        await expect
          .poll(
            async () =>
              (
                await db().$queryRaw<{ n: number }[]>`
                SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%FROM app_user WHERE id%FOR SHARE%'`
              )[0]!.n,
            { timeout: 30_000 },
          )
          .toBe(1);
        await tx.$executeRaw`UPDATE user_session SET revoked_at = now() WHERE user_id = ${user.id}::uuid`;
      },
      { timeout: 60_000 },
    );

    const said = page.getByRole("alert").filter({ hasText: "Sign in again" });
    await expect
      .poll(() => said.textContent())
      .toBe(
        "Your password was changed, this session was ended or your account was disabled while this was being saved: nothing was changed. Sign in again, then try once more.",
      );
    const after = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after.disabledAt).not.toBeNull();
  });

  it("Revoke of a token a colleague revoked first: says the list is up to date, and the row shows it revoked", async () => {
    const { page, user, resellerId } = await signedInAlpineUser();
    const name = `colleague ${randomUUID().slice(0, 6)}`;
    const token = await db().apiToken.create({
      data: {
        resellerId,
        createdById: user.id,
        name,
        scopes: ["orders:read"],
        tokenHash: randomUUID(),
        prefix: "mrp_e2e",
      },
    });
    await page.goto("/r/alpine/api");
    await page.getByRole("button", { name: `Revoke token ${name}` }).click();
    // A colleague revokes it while the question is open.
    expect(await revokeApiToken({ ...user, resellerId }, token.id)).toEqual({ ok: true });
    await page.getByRole("button", { name: `Yes, revoke ${name}` }).click();

    const row = page.locator("tbody tr", { has: page.getByRole("cell", { name, exact: true }) });
    const said = row.getByRole("status");
    await expect.poll(() => said.textContent()).toBe("This token was already revoked; the list is now up to date.");
    await row.getByRole("cell", { name: "Revoked", exact: true }).waitFor();
    expect(await row.getByRole("button").count()).toBe(0);
  });
});

// An endpoint's page pages through every delivery and filters them by status (docs/webhooks.md
// "Delivery"): a failed delivery written before a hundred others is still found, from the count
// of failed ones, and resent from the failed filter, the page shown again on that filter.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fileBrowser } from "../support/e2e/file-browser";

const browser = fileBrowser();
const endpoints: string[] = [];

afterAll(async () => {
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
});

describe("an endpoint's deliveries on its page", () => {
  it("pages with Older and Newer, counts the failed ones (on the endpoint list too), filters them, and resends one on the filter", async () => {
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: reseller.id,
        url: `https://receiver.example.test/${randomUUID()}`,
        events: ["order.placed"],
        sealedSecret: Buffer.from("not opened by this test"),
      },
    });
    endpoints.push(endpoint.id);
    // Three failed deliveries, then 102 delivered after them: the failed ones are past the first page.
    const base = Date.now() - 3_600_000;
    const failed = [0, 1, 2].map(() => randomUUID());
    await db().webhookDelivery.createMany({
      data: [
        ...failed.map((id, i) => ({
          id,
          status: "failed" as const,
          lastStatusCode: 400,
          createdAt: new Date(base + i),
        })),
        ...Array.from({ length: 102 }, (_, i) => ({
          status: "succeeded" as const,
          lastStatusCode: 200,
          deliveredAt: new Date(),
          createdAt: new Date(base + 1_000 + i),
        })),
      ].map((d) => ({
        ...d,
        endpointId: endpoint.id,
        resellerId: reseller.id,
        eventType: "order.placed",
        payload: { type: "order.placed", data: {} },
        attemptCount: 1,
      })),
    });

    const page = await browser.alpineOwner();
    const address = `/r/alpine/webhooks/${endpoint.id}`;
    // The endpoint list counts them too, and leads to them.
    await page.goto("/r/alpine/webhooks");
    const onList = page.locator(`a[href="${address}?status=failed"]`);
    expect(await onList.textContent()).toContain("3 deliveries failed and can be resent.");
    await onList.click();
    await page.waitForURL(/status=failed/);
    await page.goto(address);
    const rows = page.locator("tbody tr");
    await page.getByRole("table", { name: "Deliveries, newest first (100 per page)" }).waitFor();
    expect(await rows.count()).toBe(100);
    expect(await page.getByTestId("failed-count").textContent()).toContain("3 deliveries failed and can be resent.");

    // Older: the last five, the failed ones among them; Newer leads back to the first page.
    await page.getByRole("link", { name: "Older" }).click();
    await page.waitForURL(/after=/);
    await expect.poll(() => rows.count()).toBe(5);
    await page.getByRole("link", { name: "Newer" }).click();
    await page.waitForURL(/before=/);
    await expect.poll(() => rows.count()).toBe(100);
    expect(await page.getByRole("link", { name: "Newer" }).count()).toBe(0);

    // A cursor made up gives the first page, not an error page.
    await page.goto(`${address}?after=not-a-cursor&status=nonsense`);
    await expect.poll(() => rows.count()).toBe(100);

    // The failed filter, from the count's link: the three, the filter marked as the current one.
    await page.getByRole("link", { name: "Show the failed deliveries" }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => rows.count()).toBe(3);
    const nav = page.getByRole("navigation", { name: "Show deliveries" });
    expect(await nav.locator('[aria-current="page"]').textContent()).toBe("Failed");

    // Resent from the filter: the page stays on it, one failed fewer.
    await page.getByRole("button", { name: `Resend order.placed delivery ${failed[1]}` }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(page.url()).toContain("status=failed");
    expect(await page.getByTestId("failed-count").textContent()).toContain("2 deliveries failed");
    const resent = await db().webhookDelivery.findUniqueOrThrow({ where: { id: failed[1] } });
    expect(resent.status).not.toBe("failed");
  });
});

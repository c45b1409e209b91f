// The browser side of one e2e test file: each page opened gets a context of its own (own
// cookies, so tests never share a session), closed after each test; the browser and the
// database connection close after the file.
import type { Page } from "playwright-core";
import { afterAll, afterEach } from "vitest";
import { disconnectDb } from "@/lib/db";
import { closeBrowser, newPage, signIn } from "./browser";

/** The password of every account prisma/seed.ts makes. */
export const SEED_PASSWORD = "demo-password-2026";

type PageOptions = Parameters<typeof newPage>[0];

export function fileBrowser() {
  const contexts: Awaited<ReturnType<typeof newPage>>["context"][] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });
  const page = async (options?: PageOptions): Promise<Page> => {
    const opened = await newPage(options);
    contexts.push(opened.context);
    return opened.page;
  };
  return {
    page,
    /** A fresh page signed in as `email` with the seed password. */
    async signedIn(email: string, options?: PageOptions): Promise<Page> {
      const p = await page(options);
      await signIn(p, email, SEED_PASSWORD);
      return p;
    },
    /** Alpine's owner (the seeded reseller), signed in and on the reseller home. */
    async alpineOwner(options?: PageOptions): Promise<Page> {
      const p = await this.signedIn("owner@alpine.example.test", options);
      await p.waitForURL("**/r/alpine");
      return p;
    },
  };
}

// A failure nobody foresaw, provoked for real: the test installs a trigger by which Postgres refuses
// one write (an order's row, a session's "last seen" touch), as it would refuse it on a full disk,
// a broken constraint or a pool that gave out. A form then answers in the person's language and
// keeps what was typed (lib/forms/action.ts guardFormAction); a page that cannot be made shows
// app/error.tsx in that language, with Try again and Go back, never Next's English error page.
import { randomUUID } from "node:crypto";
import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { signIn } from "../support/e2e/browser";
import { fileBrowser } from "../support/e2e/file-browser";

const PASSWORD = "a long e2e password 2026";
const POSTMASTER = "Very-Long-Passw0rd-e2e";
const tag = randomUUID().slice(0, 8);
const browser = fileBrowser();

/** A new reseller user of Alpine; `locale` null leaves the language to the browser. */
async function alpineUser(locale: "de" | null): Promise<{ id: string; email: string; resellerId: string }> {
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  const email = `unexpected-${randomUUID().slice(0, 8)}@alpine.example.test`;
  const user = await db().user.create({
    data: {
      email,
      name: "Frieda Fehler",
      role: "reseller",
      resellerId: reseller.id,
      locale,
      timeZone: locale ? "Europe/Berlin" : null,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  return { id: user.id, email, resellerId: reseller.id };
}

/**
 * Makes Postgres refuse the writes to `table` that match `when` (a trigger's WHEN condition) until
 * the returned function is called. Only the rows this test names are refused: the worker and the
 * rest of the portal go on writing.
 */
async function refuseWrites(table: string, event: "INSERT" | "UPDATE", when: string): Promise<() => Promise<void>> {
  const name = `e2e_refuse_${table}_${tag.replace(/-/g, "")}`;
  await db().$executeRawUnsafe(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'refused by the e2e test''s trigger'; END $$`,
  );
  await db().$executeRawUnsafe(
    `CREATE TRIGGER ${name} BEFORE ${event} ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON "${table}"`);
    await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
  };
}

/** Signs `user` in and fills Alpine's Qboxmail domain order form for `customerId`: name, password, company. */
async function fillDomainOrder(
  user: { email: string },
  customerId: string,
  fields: { name: string; company: string },
): Promise<Page> {
  const page = await browser.page();
  await signIn(page, user.email, PASSWORD);
  await page.waitForURL("**/r/alpine");
  await page.goto(`/r/alpine/orders/new?kind=qboxmail_domain&customer=${customerId}`);
  await page.locator("#field-name").fill(fields.name);
  await page.locator("#field-postmaster_password").fill(POSTMASTER);
  await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
  await page.locator("#field-company").fill(fields.company);
  return page;
}

/** The form's alert says `text`, and the fields keep what was typed, the password included. */
async function expectProblemAndFieldsKept(page: Page, text: string, fields: { name: string; company: string }) {
  const summary = page.getByRole("alert").filter({ hasText: "Es gibt ein Problem" });
  await summary.waitFor();
  await expect(summary.locator("p").textContent()).resolves.toBe(text);
  expect(await page.locator("#field-name").inputValue()).toBe(fields.name);
  expect(await page.locator("#field-company").inputValue()).toBe(fields.company);
  expect(await page.locator("#field-postmaster_password").inputValue()).toBe(POSTMASTER);
}

describe("a failure nobody foresaw", () => {
  it("placing an order: the form says in German that it may be placed and sending it again is safe, keeps the fields, and the same form places one order", async () => {
    const user = await alpineUser("de");
    const customer = await db().customer.create({ data: { resellerId: user.resellerId, name: `Fehlerkunde ${tag}` } });
    const name = `abgelehnt-${tag}.de`;
    const fields = { name, company: "Bergblick GmbH" };
    const allow = await refuseWrites("order", "INSERT", `NEW.natural_key = '${name}'`);
    try {
      const page = await fillDomainOrder(user, customer.id, fields);
      await page.locator("#field-plan").selectOption("enterprise");
      const sent: Request[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.headers()["next-action"]) sent.push(r);
      });
      const submit = page.getByRole("button", { name: "Auftrag erteilen" });
      await submit.click();

      await expectProblemAndFieldsKept(
        page,
        "Das Portal konnte dies wegen eines Problems auf seiner Seite nicht abschließen. Ihr Auftrag wurde " +
          "vielleicht aufgegeben, vielleicht auch nicht: Öffnen Sie Aufträge, um es zu prüfen. Dasselbe " +
          "Formular erneut zu senden ist sicher: Es kann nie einen zweiten Auftrag aufgeben.",
        fields,
      );
      expect(await page.locator("#field-plan").inputValue()).toBe("enterprise");
      expect(await page.locator("#field-customerId").inputValue()).toBe(customer.id);
      expect(await db().order.count({ where: { naturalKey: name } })).toBe(0);
      expect(await page.content()).not.toContain("refused by the e2e test");
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The database takes the write again: the same form, sent again, places the order.
      await allow();
      await submit.click();
      await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      const orderId = new URL(page.url()).pathname.split("/").pop()!;
      expect(await db().order.count({ where: { naturalKey: name } })).toBe(1);

      // And once more, as a browser resending the very same request would: the order it placed is
      // the answer, no second one.
      const last = sent.at(-1)!;
      const headers = Object.fromEntries(
        Object.entries(await last.allHeaders()).filter(([k]) => !["cookie", "content-length"].includes(k)),
      );
      const again = await page.request.fetch(last.url(), {
        method: "POST",
        headers,
        data: last.postDataBuffer()!,
        maxRedirects: 0,
      });
      expect(again.headers()["x-action-redirect"]).toContain(`/r/alpine/orders/${orderId}`);
      expect(await db().order.count({ where: { naturalKey: name } })).toBe(1);
    } finally {
      await allow();
    }
  });

  it("placing an order whose answer is lost on the way: the form says in German that it may be placed, keeps the fields, and the same form sent again places no second order", async () => {
    const user = await alpineUser("de");
    const customer = await db().customer.create({ data: { resellerId: user.resellerId, name: `Funkloch ${tag}` } });
    const name = `verloren-${tag}.de`;
    const fields = { name, company: "Funkloch GmbH" };
    const page = await fillDomainOrder(user, customer.id, fields);
    // The first submission reaches the portal, which places the order; its answer never comes back.
    let lost = false;
    await page.route("**/r/alpine/orders/new**", async (route) => {
      if (lost || route.request().method() !== "POST" || !route.request().headers()["next-action"])
        return route.continue();
      lost = true;
      await route.fetch();
      await route.abort("connectionreset");
    });
    const submit = page.getByRole("button", { name: "Auftrag erteilen" });
    await submit.click();

    await expectProblemAndFieldsKept(
      page,
      "Die Antwort des Portals hat diese Seite nicht erreicht (die Verbindung ist möglicherweise abgebrochen). " +
        "Ihr Auftrag wurde vielleicht aufgegeben, vielleicht auch nicht: Öffnen Sie Aufträge in einem anderen Tab, " +
        "um es zu prüfen. Dasselbe Formular erneut zu senden ist sicher: Es kann nie einen zweiten Auftrag aufgeben.",
      fields,
    );
    expect(await db().order.count({ where: { naturalKey: name } })).toBe(1);

    // Sent again: the answer is the order the first submission placed, not a second one.
    await submit.click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const placed = await db().order.findFirstOrThrow({ where: { naturalKey: name } });
    expect(new URL(page.url()).pathname).toBe(`/r/alpine/orders/${placed.id}`);
    expect(await db().order.count({ where: { naturalKey: name } })).toBe(1);
  });

  it("a session the database cannot touch: the form answers in the browser's German and keeps the fields; the page says the fault is the portal's and loads again on Try again", async () => {
    const user = await alpineUser(null);
    const page = await browser.page({ locale: "de-DE" });
    await signIn(page, user.email, PASSWORD);
    await page.waitForURL("**/r/alpine");
    await page.goto("/r/alpine/customers/new");
    await page.getByRole("heading", { level: 1, name: "Neuer Kunde" }).waitFor();
    await page.locator("#customer-name").fill(`Bäckerei ${tag}`);
    await page.locator("#customer-email").fill(`backstube-${tag}@example.test`);
    await page.locator("#customer-reference").fill(`REF-${tag}`);

    // Every request reads the session and writes its "last seen" once a minute: set back, that
    // write comes with the next request, and Postgres refuses it. The refusal is in place first
    // (for writes that move it forward only, so setting it back goes through): a request the page
    // makes by itself between the two steps would otherwise write it, and the click would not.
    const session = await db().userSession.findFirstOrThrow({ where: { userId: user.id, revokedAt: null } });
    const allow = await refuseWrites(
      "user_session",
      "UPDATE",
      `OLD.id = '${session.id}' AND NEW.last_seen_at > OLD.last_seen_at`,
    );
    try {
      await db().userSession.update({
        where: { id: session.id },
        data: { lastSeenAt: new Date(Date.now() - 5 * 60_000) },
      });
      await page.getByRole("button", { name: "Kunden anlegen" }).click();
      // The account, its language with it, cannot be read: the browser's language answers.
      const summary = page.getByRole("alert").filter({ hasText: "Es gibt ein Problem" });
      await summary
        .getByText(
          "Etwas ist schiefgelaufen. Laden Sie die Seite neu, um den aktuellen Stand zu sehen, und versuchen Sie es dann erneut.",
        )
        .waitFor();
      expect(await page.locator("#customer-name").inputValue()).toBe(`Bäckerei ${tag}`);
      expect(await page.locator("#customer-email").inputValue()).toBe(`backstube-${tag}@example.test`);
      expect(await page.locator("#customer-reference").inputValue()).toBe(`REF-${tag}`);
      expect(await db().customer.count({ where: { name: `Bäckerei ${tag}` } })).toBe(0);

      // A page that cannot be made: the portal's own error page, in German.
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Diese Seite konnte nicht angezeigt werden" }).waitFor();
      await page.getByText("Das Portal hatte ein Problem auf seiner Seite").waitFor();
      await page.getByRole("button", { name: "Zurück" }).waitFor();
      expect(await page.content()).not.toContain("couldn");
      expect(await page.content()).not.toContain("refused by the e2e test");
      expect(await seriousAxeViolations(page)).toEqual([]);

      await allow();
      await page.getByRole("button", { name: "Erneut versuchen" }).click();
      await page.getByRole("heading", { level: 1, name: "Neuer Kunde" }).waitFor();
    } finally {
      await allow();
    }
  });

  it("signing another session out when the database refuses it: the row says in German that it went wrong and stays, and a second try signs it out", async () => {
    const user = await alpineUser("de");
    const laptop = await browser.page({ locale: "de-DE" });
    await signIn(laptop, user.email, PASSWORD);
    await laptop.waitForURL("**/r/alpine");
    const phone = await browser.page({ locale: "de-DE" });
    await signIn(phone, user.email, PASSWORD);
    await phone.waitForURL("**/r/alpine");
    const [, phoneSession] = await db().userSession.findMany({
      where: { userId: user.id, revokedAt: null },
      orderBy: { createdAt: "asc" },
    });

    await laptop.goto("/account/sessions");
    const rows = laptop.getByTestId("session-row");
    await expect(rows.count()).resolves.toBe(2);
    const allow = await refuseWrites("user_session", "UPDATE", `OLD.id = '${phoneSession!.id}'`);
    try {
      await rows.getByRole("button", { name: "Abmelden" }).click();
      await laptop
        .getByText(
          "Etwas ist schiefgelaufen. Laden Sie die Seite neu, um den aktuellen Stand zu sehen, und versuchen Sie es dann erneut.",
        )
        .waitFor();
      await expect(rows.count()).resolves.toBe(2);
      expect(await laptop.content()).not.toContain("refused by the e2e test");
      expect((await db().userSession.findUniqueOrThrow({ where: { id: phoneSession!.id } })).revokedAt).toBeNull();
    } finally {
      await allow();
    }
    await rows.getByRole("button", { name: "Abmelden" }).click();
    await rows.nth(1).waitFor({ state: "detached" });
    await expect.poll(() => laptop.getByTestId("announcer").textContent()).toBe("Sitzung abgemeldet.");
  });
});

// What the portal writes on an order (last errors, event reasons, attempt notes) reaches a German
// page in German (docs/i18n.md "Portal-written order texts"). The real worker runs the orders to
// their end against the simulators; the stored rows are read with the pages' own queries and
// rendered with the pages' own components, as a German viewer's page renders them. Only the
// provider's quoted words may stay English. Support's resolve refusal, with its list of
// differences, goes through the form boundary (resultIn, what forPerson does) in German.
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { LiveOrder } from "@/app/r/[slug]/orders/[id]/live-order";
import { OrderTimeline as SupportTimeline } from "@/app/support/_components/order-timeline";
import { PortalText } from "@/app/ui/portal-text";
import { db } from "@/lib/db";
import { type FormTranslators, failure, resultIn } from "@/lib/forms/action";
import type { Locale } from "@/lib/i18n/locales";
import { portalText } from "@/lib/i18n/portal-texts";
import { said } from "@/lib/i18n/sentences";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { transition } from "@/lib/orders/state-machine";
import { SupportActionError } from "@/lib/support/order-actions";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { makeOrder, makeUser } from "../factories";
import { englishPortalWords, renderIn, visibleOwnText } from "../support/german-markup";
import { fault, fileTenant, forms, isFinal, place, uniq, waitForOrder } from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({
  worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "2", RETRY_BASE_MS: "100", RETRY_MAX_MS: "300" },
});
let support: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  support = await makeUser("support");
});

/** The reseller's order page and support's order page as a viewer speaking `locale` sees them. */
async function pagesIn(locale: "en" | "de", orderId: string) {
  const snapshot = await getOrderSnapshot(t.reseller.id, orderId);
  if (!snapshot) throw new Error("the reseller does not see the order");
  const detail = await getSupportOrderDetail(support, orderId);
  const reseller = renderIn(
    locale,
    createElement(LiveOrder, { slug: t.reseller.slug, initial: snapshot, labels: {}, cancelAction: async (p) => p }),
  );
  const supportPage = renderIn(
    locale,
    createElement(
      "div",
      null,
      createElement(PortalText, { text: detail.order.lastError ?? "", provider: detail.order.provider }),
      createElement(SupportTimeline, { entries: detail.timeline, provider: detail.order.provider }),
    ),
  );
  return { reseller: visibleOwnText(reseller), support: visibleOwnText(supportPage), html: reseller + supportPage };
}

async function expectGermanPages(orderId: string) {
  const german = await pagesIn("de", orderId);
  expect(englishPortalWords(german.reseller), "the reseller's page").toEqual([]);
  expect(englishPortalWords(german.support), "support's page").toEqual([]);
  // The check sees English where there is some: the same pages in English.
  const english = await pagesIn("en", orderId);
  expect(englishPortalWords(english.reseller).length).toBeGreaterThan(0);
  expect(englishPortalWords(english.support).length).toBeGreaterThan(0);
  return german;
}

describe("portal-written order texts on German pages", () => {
  it("names the process that moved a waiting domain order on in German", async () => {
    const o = await makeOrder({ tenant: t, status: "pending", kind: "grommunio_domain" });
    await db().$transaction((tx) =>
      transition(tx, {
        orderId: o.id,
        from: "pending",
        to: "queued",
        expectedVersion: 0,
        actor: { type: "system", label: "dispatch" },
        reason: portalText("serverSucceeded", { order: randomUUID() }),
      }),
    );
    const german = await pagesIn("de", o.id);
    expect(german.support).toContain("System · Freigabe wartender Aufträge");
    expect(german.support).not.toContain("dispatch");
  });

  it("a found name that does not match: the differences, the reason and the notes speak German", async () => {
    const name = `de${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-before" });
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name)); // plan: professional
    if (!r.ok) throw new Error("not placed");
    await waitForOrder(r.orderId, (o) => o.status === "unknown" || isFinal(o));
    const other = await qboxClient().createDomain({
      name,
      postmaster_password: "Other-pass-1",
      postmaster_password_confirmation: "Other-pass-1",
      plan: "basic",
    });
    expect(other.kind).toBe("success");
    const o = await waitForOrder(r.orderId, isFinal);
    expect(o.lastError).toContain("does not match this order");

    const german = await expectGermanPages(r.orderId);
    expect(german.support).toContain('plan: bestellt "professional", beim Anbieter ein anderer Wert');
    expect(german.support).toContain("Fehlgeschlagen");
    expect(german.reseller).toContain("passt aber nicht zu diesem Auftrag");
    expect(german.reseller).toContain('plan: bestellt "professional", beim Anbieter ein anderer Wert');
  });

  it("the retry cap's stop and the client's description of the provider's answer come out in German", async () => {
    await fault("qboxmail", {
      method: "POST",
      path: "/api/domains",
      count: 10,
      action: "status",
      status: 429,
      retryAfter: 0,
    });
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!r.ok) throw new Error("not placed");
    const o = await waitForOrder(r.orderId, isFinal);
    // Rate limited: four 429s spend what one other failure does, so MAX_ATTEMPTS 2 lasts eight.
    expect(o).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^Gave up after 8 failed attempts/) });

    const german = await expectGermanPages(r.orderId);
    // Our client's description of the provider's answer, in German too.
    expect(german.reseller).toContain(
      "Nach 8 fehlgeschlagenen Versuchen abgebrochen. Letzter Fehler: Qboxmail: Anfragelimit erreicht (429)",
    );
    // Also as the reason of a retry and an attempt's note (the stored JSON views keep the record).
    expect(german.reseller).not.toContain("rate limit");
    expect(german.support).not.toContain("rate limit");
  });

  it("support's resolve refusal lists the differences in German", async () => {
    const name = `rs${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant: t, status: "unknown", naturalKey: name });
    await db().order.update({ where: { id: order.id }, data: { payload: { name, plan: "professional" } } });
    const created = await qboxClient().createDomain({
      name,
      postmaster_password: "Pw-12345678",
      postmaster_password_confirmation: "Pw-12345678",
      plan: "basic",
    });
    if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
    const refusal = await resolveOrderByHand(support, {
      orderId: order.id,
      expectedVersion: 0,
      reason: "found it in the panel",
      upstreamRef: created.ref,
    }).then(
      () => {
        throw new Error("resolved a resource that does not match");
      },
      (err: unknown) => failure(err, [SupportActionError]),
    );
    const formError = (r: typeof refusal) => (r.ok ? undefined : r.formError);
    const english = formError(resultIn(refusal, translators("en", en)));
    const german = formError(resultIn(refusal, translators("de", de as typeof en)));
    expect(english).toContain('plan: "basic" upstream, "professional" ordered');
    expect(german).toBe(
      `${name} (${created.ref}) existiert beim Anbieter, passt aber nicht zu diesem Auftrag: plan: beim Anbieter "basic", bestellt "professional".`,
    );
  });
});

describe("a refused check's answer in German", () => {
  it("words the portal's own text it quotes, and keeps only the provider's words as they came", () => {
    const refused = {
      ok: false as const,
      fieldErrors: {},
      formError: said("qboxmailRefusedCheck", { message: portalText("qboxRejected", { status: 422 }) }),
    };
    const german = resultIn(refused, translators("de", de as typeof en));
    expect(german.ok ? undefined : german.formError).toBe(
      `Qboxmail hat die Prüfung nicht angenommen: ${createTranslator({ locale: "de", messages: de, namespace: "portalTexts" })("qboxRejected", { status: 422 })}`,
    );
    expect(german.ok ? "" : german.formError).not.toContain("rejected the request");
    // A message the portal did not write (the provider's) is quoted as it came.
    const theirs = resultIn(
      {
        ok: false as const,
        fieldErrors: {},
        formError: said("qboxmailRefusedCheck", { message: "dominio non valido" }),
      },
      translators("de", de as typeof en),
    );
    expect(theirs.ok ? "" : theirs.formError).toBe("Qboxmail hat die Prüfung nicht angenommen: dominio non valido");
  });
});

function translators(locale: Locale, messages: typeof en): FormTranslators {
  return {
    validation: createTranslator({ locale, messages, namespace: "validation" }) as FormTranslators["validation"],
    sentences: createTranslator({ locale, messages, namespace: "sentences" }) as FormTranslators["sentences"],
    portalTexts: createTranslator({ locale, messages, namespace: "portalTexts" }),
  };
}

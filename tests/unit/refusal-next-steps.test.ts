// Refusals a person reads at a form say what to do next, in their language (docs/i18n.md
// "Sentences from lib/"): a cancel that comes too late names what undoes the result instead, a
// stale support page says nothing was done, a reason's length says the largest one taken, and the
// audit page is called what the navigation calls it; a webhook's failure says what the receiver
// must do.
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DeliveryError, DisabledReason } from "@/app/ui/webhook-error";
import { localizeFieldErrors } from "@/lib/forms/field-errors";
import { reasonSchema } from "@/lib/forms/reason";
import { localizeSentence, said } from "@/lib/i18n/sentences";
import { orderActionSchema } from "@/lib/support/action-schemas";
import { webhookErrorText } from "@/lib/webhooks/error-words";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { renderIn, visibleOwnText } from "../support/german-markup";

const italian = createTranslator({ locale: "it", messages: it_, namespace: "sentences" });
const german = createTranslator({ locale: "de", messages: de, namespace: "sentences" });
const italianValidation = createTranslator({ locale: "it", messages: it_, namespace: "validation" });
const germanValidation = createTranslator({ locale: "de", messages: de, namespace: "validation" });

describe("a cancel that comes too late", () => {
  it("says the provider was asked, to wait, and what undoes each kind of order", () => {
    expect(said("notCancellable", { action: "create" })).toBe(
      "This order can no longer be cancelled: the provider has already been asked to carry it out. Wait for it to " +
        "finish; if you do not want the result, delete the service from its page once it is there.",
    );
    expect(said("notCancellable", { action: "suspend" })).toMatch(/resume the service from its page\.$/);
    expect(said("notCancellable", { action: "change" })).toMatch(/change the service back from its page\.$/);
    expect(localizeSentence(said("notCancellable", { action: "create" }), italian)).toBe(
      "Questo ordine non può più essere annullato: al fornitore è già stato chiesto di eseguirlo. Attenda che sia " +
        "concluso; se non desidera il risultato, elimini il servizio dalla sua pagina quando sarà presente.",
    );
    expect(localizeSentence(said("notCancellable", { action: "resume" }), german)).toBe(
      "Dieser Auftrag kann nicht mehr storniert werden: Der Anbieter wurde bereits mit der Ausführung beauftragt. " +
        "Warten Sie, bis er abgeschlossen ist; wenn Sie das Ergebnis nicht möchten, sperren Sie den Dienst auf seiner Seite.",
    );
  });

  it("says a finished order has nothing left to cancel", () => {
    expect(localizeSentence(said("notCancellableFinished", { status: "succeeded" }), german)).toBe(
      "Dieser Auftrag hat bereits den Status „Erfolgreich“, es gibt also nichts mehr zu stornieren. Laden Sie die Seite neu, um seinen aktuellen Stand zu sehen.",
    );
  });
});

describe("what was not found, and the next step", () => {
  it("names the actions a service offers, and where to find what is missing", () => {
    expect(said("actionNotOffered", { kind: "grommunio_server" })).toBe(
      "This service does not offer that action: a grommunio server can only be changed or deleted. Reload the page to see the buttons it offers.",
    );
    expect(localizeSentence(said("actionNotOffered", { kind: "qboxmail_domain" }), italian)).toContain(
      "può essere modificato, sospeso, ripreso o eliminato",
    );
    for (const key of ["orderNotFound", "userNotFound", "customerGone", "serviceNotFound", "customerNotYours"] as const)
      for (const text of [en.sentences[key], it_.sentences[key], de.sentences[key]])
        expect(text, key).toMatch(/(go back|choose|torni|scelga|gehen sie zurück|wählen sie)/i);
  });
});

describe("a support page out of date", () => {
  it("says nothing was done and to reload, in the person's language", () => {
    const r = orderActionSchema.safeParse({
      orderId: "not-an-id",
      expectedVersion: "x",
      reason: "Provider confirmed it by phone",
    });
    if (r.success) throw new Error("expected a refusal");
    const errors = z.flattenError(r.error).fieldErrors as Record<string, string[]>;
    expect(errors.expectedVersion).toEqual(["The page is out of date, so nothing was done: reload it and try again"]);
    expect(errors.orderId).toEqual([
      "This order could not be read from the page, so nothing was done: reload the page and try again",
    ]);
    expect(localizeFieldErrors(errors, italianValidation).expectedVersion).toEqual([
      "La pagina non è aggiornata, quindi non è stato fatto nulla: la ricarichi e riprovi",
    ]);
  });
});

describe("a reason's length", () => {
  it("takes 500 characters and says so at 501", () => {
    expect(reasonSchema.safeParse("x".repeat(500)).success).toBe(true);
    const r = reasonSchema.safeParse("x".repeat(501));
    if (r.success) throw new Error("expected a refusal");
    const errors = { reason: r.error.issues.map((i) => i.message) };
    expect(errors.reason).toEqual(["Use at most 500 characters"]);
    expect(localizeFieldErrors(errors, germanValidation).reason).toEqual(["Verwenden Sie höchstens 500 Zeichen"]);
  });
});

describe("the audit page's name", () => {
  it("is the navigation's everywhere a message names it", () => {
    const names = { it: it_.nav.audit, de: de.nav.audit };
    expect(it_.audit.title).toBe(names.it);
    expect(de.audit.title).toBe(names.de);
    const texts = (catalogue: object): string[] =>
      Object.values(catalogue).flatMap((v) => (typeof v === "string" ? [v] : texts(v as object)));
    expect(texts(it_).filter((t) => /registro di audit/i.test(t))).toEqual([]);
    expect(texts(de).filter((t) => /audit-protokoll/i.test(t))).toEqual([]);
    expect(it_.validation.reasonShort).toContain(names.it.toLowerCase());
    expect(de.validation.reasonShort).toContain(names.de);
  });
});

describe("a webhook endpoint's failure", () => {
  const shown = (locale: "en" | "it" | "de", element: Parameters<typeof renderIn>[1]) =>
    visibleOwnText(renderIn(locale, element));

  it("says what the receiver must answer, and that the delivery is tried again", () => {
    // The stored English stays as rows hold it; only the page's words change.
    expect(webhookErrorText.answered(503)).toBe("Answered 503");
    expect(shown("en", createElement(DeliveryError, { text: webhookErrorText.answered(503) }))).toBe(
      "Your endpoint answered 503; it must answer with a 2xx status. Deliveries are retried.",
    );
    expect(shown("en", createElement(DeliveryError, { text: webhookErrorText.timeout(10_000) }))).toBe(
      "Your endpoint did not answer within 10 s: answer within 10 s and do the work afterwards.",
    );
    expect(shown("de", createElement(DeliveryError, { text: webhookErrorText.notPublic("10.0.0.7") }))).toBe(
      "10.0.0.7 ist keine öffentliche Adresse: Tragen Sie den Endpunkt unter einem Hostnamen ein, dessen DNS auf eine öffentliche Adresse zeigt.",
    );
  });

  it("says how to bring a disabled endpoint back, naming the page's own button", () => {
    const stored = webhookErrorText.disabledAfter(120, webhookErrorText.answered(500));
    expect(shown("en", createElement(DisabledReason, { text: stored }))).toBe(
      "Disabled after failing for 120 h without a successful delivery. Fix the receiver, then choose Turn back on: " +
        "the events it missed are sent again. Last error: Your endpoint answered 500; it must answer with a 2xx status. Deliveries are retried.",
    );
    for (const [locale, catalogue] of [
      ["en", en],
      ["it", it_],
      ["de", de],
    ] as const)
      expect(shown(locale, createElement(DisabledReason, { text: stored })), locale).toContain(
        catalogue.webhooks.endpoint.turnOn,
      );
  });
});

// Sentences written in lib/ for a person: English where they are made (API, logs, tests read
// it), the person's language at the form. What support and admins rely on: the English wording
// stays exactly what it was, a translation keeps the facts (names, ids), and a sentence the
// catalogue does not know (an upstream's words) passes through untouched.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { localizeSentence, said, saidTogether } from "@/lib/i18n/sentences";
import { StaleOrderError } from "@/lib/orders/errors";
import { heldByOtherMessage } from "@/lib/orders/ownership";
import { confirmNameError } from "@/lib/services/place-change";
import de from "@/messages/de.json";
import it_ from "@/messages/it.json";

const italian = createTranslator({ locale: "it", messages: it_, namespace: "sentences" });
const german = createTranslator({ locale: "de", messages: de, namespace: "sentences" });

describe("said()", () => {
  it("writes the English sentence with its facts", () => {
    expect(said("changedSinceOpened", { status: "failed" })).toBe(
      "This order changed since you opened it (now: failed). Reload and try again.",
    );
    expect(said("stepNotAllowed", { status: "held", step: "marked resolved" })).toBe(
      "An order that is held cannot be marked resolved.",
    );
    expect(new StaleOrderError("x").message).toBe(
      "This order was changed by someone else in the meantime. Reload it and try again.",
    );
  });

  it("is translated at the form, keeping names and ids; a status is worded as the pages label it", () => {
    const text = heldByOtherMessage("bücher.de", "42", { id: "order-7" });
    expect(localizeSentence(text, italian)).toBe(
      "bücher.de (riferimento presso il fornitore 42) appartiene già all'ordine order-7, quindi questo ordine non può prenderlo. Controlli entrambi gli ordini.",
    );
    expect(localizeSentence(said("stepNotAllowed", { status: "held", step: "cancelled" }), german)).toBe(
      "Ein Auftrag im Status „Angehalten“ kann nicht storniert werden.",
    );
  });

  it("translates sentences said together each on its own (a cancel refusal and what to do while the worker runs)", () => {
    const text = saidTogether(
      said("cancelExistsUpstream", { name: "shop.example", ref: "D-1" }),
      said("cancelWorkerStillRuns", { status: "queued" }),
    );
    expect(text).toMatch(
      /^shop\.example exists upstream as D-1, .* The order is queued now, so it cannot be marked resolved yet/,
    );
    const italianText = localizeSentence(text, italian);
    expect(italianText).toContain("L'ordine ora è in coda, quindi non può ancora essere segnato come risolto");
    expect(italianText).toContain("D-1");
    expect(italianText).not.toContain("exists upstream");
  });

  it("asks for the name typed out in the person's words, the name itself untouched", () => {
    const service = { naturalKey: "example.com", displayName: "Example.com" };
    const english = confirmNameError(service, "wrong", "purge")?.confirmName?.[0] ?? "";
    expect(english).toBe("Type Example.com to confirm the purge");
    expect(localizeSentence(english, german)).toBe(
      "Geben Sie Example.com ein, um das endgültige Löschen zu bestätigen",
    );
    expect(confirmNameError(service, " example.COM ", "deletion")).toBeUndefined();
    // A name pasted with "ü" spelt as "u" and a combining mark is the same name.
    const idn = { naturalKey: "xn--bcher-kva.de", displayName: "bücher.de" };
    expect(confirmNameError(idn, "bu\u0308cher.de", "deletion")).toBeUndefined();
  });

  it("leaves a sentence it did not make as it is", () => {
    expect(localizeSentence("grommunio said: domain exists", italian)).toBe("grommunio said: domain exists");
  });

  it("forgets the oldest sentences first, so names do not pile up in memory", () => {
    const first = said("adopted", { name: "first.example", customer: "ACME" });
    for (let i = 0; i < 5001; i++) said("adopted", { name: `d${i}.example`, customer: "ACME" });
    expect(localizeSentence(first, italian)).toBe(first);
    expect(localizeSentence(said("adopted", { name: "last.example", customer: "ACME" }), italian)).toBe(
      "last.example ora appartiene a ACME.",
    );
  });
});

// The texts the portal writes on orders (event reasons, last errors, attempt notes) are stored in
// English and read back into a key and facts, so pages word them in the viewer's language; an
// upstream's words inside them stay as received (docs/i18n.md "Portal-written order texts").
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { PortalText } from "@/app/ui/portal-text";
import { differenceList, PORTAL_TEXTS, type PortalTextKey, portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { differencesIn, portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { said } from "@/lib/i18n/sentences";
import { stopMessage } from "@/lib/orders/retry-cap";
import { mismatchedFieldsOf, mismatchesOf, notMatchingMessage } from "@/lib/upstream/identity";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { englishPortalWords, renderIn, visibleOwnText } from "../support/german-markup";

const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "portalTexts" });
const italian = createTranslator({ locale: "it", messages: it_ as typeof en, namespace: "portalTexts" });
const english = createTranslator({ locale: "en", messages: en, namespace: "portalTexts" });

const SAMPLE: Record<string, string | number> = {
  order: "0b7c9e2a-1111-4222-8333-944445555666",
  old: "5d1f0c3b-2222-4333-8444-a55556666777",
  attempts: 8,
  name: "bücher.example",
  ref: "D123",
  error: "Internal Server Error",
  detail: "Invalid credentials",
  provider: "grommunio",
  code: "ECONNREFUSED",
  ms: 15000,
  pages: 40,
  count: 25,
  offset: "100",
  hours: 26,
  users: 3,
  domains: 2,
  status: "503",
  differences: 'maxUser: 50 upstream, 10 ordered; title: "Other" upstream, "Org" ordered',
  field: "maxUser",
  kind: "qboxmail_domain",
  theirs: "50",
  ours: "10",
  location: "D072048005",
  body: "D477048238",
  outcome: "unknown",
  note: "The worker stopped or lost track of this attempt",
};
const KEYS = Object.keys(PORTAL_TEXTS) as PortalTextKey[];

describe("portal-written order texts", () => {
  it("keep the stored English of rows written before they had keys", () => {
    expect(stopMessage("failed", 8)).toBe(
      "Gave up after 8 failed attempts; nothing of this order was created upstream. Retry to try again.",
    );
    expect(portalText("workerLost")).toBe("The worker stopped or lost track of this attempt");
    expect(portalText("resubmittedFrom", { order: "0b7c" })).toBe("Resubmitted from order 0b7c");
    expect(portalText("gaveUpLastError", { attempts: 3, error: "x" })).toBe(
      "Gave up after 3 failed attempts. Last error: x",
    );
  });

  it("count one failed attempt in the singular in every language", () => {
    const one = portalText("gaveUp", { attempts: 1 });
    expect(portalTextIn(one, english)).toMatch(/^Gave up after 1 failed attempt;/);
    expect(portalTextIn(one, italian)).toMatch(/^Interrotto dopo 1 tentativo non riuscito;/);
    expect(portalTextIn(one, german)).toMatch(/^Nach 1 fehlgeschlagenen Versuch abgebrochen;/);
    expect(portalTextIn(portalText("gaveUpMayExist", { attempts: 2 }), german)).toContain(
      "nach 2 fehlgeschlagenen Versuchen",
    );
  });

  it("count one failed attempt in the singular in every text that counts them", () => {
    const counting = KEYS.filter((key) => PORTAL_TEXTS[key].includes("{attempts}"));
    expect(counting.length).toBeGreaterThan(3);
    for (const key of counting) {
      const text = portalText(key, { ...SAMPLE, attempts: 1 });
      expect(portalTextIn(text, english), key).toContain("1 failed attempt");
      expect(portalTextIn(text, english), key).not.toContain("1 failed attempts");
      expect(portalTextIn(text, italian), key).toContain("1 tentativo non riuscito");
      expect(portalTextIn(text, german), key).toContain("1 fehlgeschlagenen Versuch");
      expect(portalTextIn(text, german), key).not.toContain("1 fehlgeschlagenen Versuchen");
    }
  });

  it("read every stored form back into its key and facts", () => {
    for (const key of KEYS) {
      const read = readPortalText(portalText(key, SAMPLE));
      expect(read?.key, key).toBe(key);
      // Every placeholder of the text comes back, each with the fact that was put in.
      const placeholders = [...new Set([...PORTAL_TEXTS[key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))];
      const readBack = [read?.values, read?.nested, read?.lists].flatMap((part) => Object.keys(part ?? {}));
      expect(readBack.sort(), key).toEqual(placeholders.sort());
      for (const [name, value] of Object.entries(read?.values ?? {}))
        expect(value, `${key}.${name}`).toBe(SAMPLE[name]);
    }
  });

  it("quote an upstream's words inside as received, and read a portal text nested inside", () => {
    const upstream = portalText("gaveUpLastError", { attempts: 8, error: "Internal Server Error" });
    expect(readPortalText(upstream)?.nested.error).toEqual({ quote: "Internal Server Error" });
    // Our client's description of an answer is read, down to the system's words inside it.
    const described = portalText("gaveUpLastError", {
      attempts: 8,
      error: "grommunio gave no answer: no answer within 15000 ms",
    });
    expect(readPortalText(described)?.nested.error).toMatchObject({
      words: {
        key: "noAnswer",
        values: { provider: "grommunio" },
        nested: { error: { words: { key: "noAnswerWithin" } } },
      },
    });
    const login = readPortalText("grommunio login refused: Invalid credentials");
    expect(login?.nested.detail).toEqual({ quote: "Invalid credentials" });
    const nested = portalText("gaveUpLastError", { attempts: 2, error: portalText("workerLost") });
    expect(readPortalText(nested)?.nested.error).toMatchObject({ words: { key: "workerLost" } });
    // A last error is cut at 500 characters: the cut falls in the upstream's words, and it still reads.
    const cut = portalText("gaveUpLastError", { attempts: 8, error: "x".repeat(600) }).slice(0, 500);
    expect(readPortalText(cut)?.key).toBe("gaveUpLastError");
  });

  it("leave a person's reason and an upstream's message unread", () => {
    expect(readPortalText("Kunde hat angerufen")).toBeNull();
    expect(readPortalText("Database not available.")).toBeNull();
  });

  it("have a message in the catalogue for every key, and none without a stored form", () => {
    expect(Object.keys(en.portalTexts).sort()).toEqual([...KEYS].sort());
  });

  it("come out without English in German and Italian", () => {
    for (const key of KEYS) {
      const text = portalText(key, SAMPLE);
      expect(portalTextIn(text, german), key).not.toBe(portalTextIn(text, english));
      expect(portalTextIn(text, italian), key).not.toBe(portalTextIn(text, english));
    }
    expect(portalTextIn(stopMessage("failed", 1), german)).toContain("Nach 1 fehlgeschlagenen Versuch abgebrochen");
    expect(portalTextIn("Retried by support", german)).toBe("Vom Support wiederholt.");
  });

  it("word the differences of a found resource in German, values as the upstream reports them", () => {
    const found = { ID: 4, domainname: "a.com", maxUser: 50, title: "Other", orgID: 0, domainStatus: 0 };
    const differences = mismatchesOf("grommunio_domain", { domainname: "a.com", maxUser: 10, title: "Org" }, found);
    expect(differencesIn(differenceList(differences), german)).toBe(
      'maxUser: beim Anbieter 50, bestellt 10; title: beim Anbieter "Other", bestellt "Org"',
    );
    const stored = notMatchingMessage("a.com", differences);
    const worded = portalTextIn(stored, german);
    expect(worded).toContain("passt aber nicht zu diesem Auftrag (maxUser: beim Anbieter 50");
    expect(worded).not.toMatch(/upstream|ordered/);
  });

  it("word the reseller's differences in German and Italian, with only what was ordered", () => {
    const found = { ID: 4, domainname: "a.com", maxUser: 50, title: "Other", orgID: 0, domainStatus: 0 };
    const differences = mismatchedFieldsOf(
      "grommunio_domain",
      { domainname: "a.com", maxUser: 10, title: "Org" },
      found,
    );
    const stored = notMatchingMessage("a.com", differences);
    expect(portalTextIn(stored, german)).toContain(
      '(maxUser: bestellt 10, beim Anbieter ein anderer Wert; title: bestellt "Org", beim Anbieter ein anderer Wert)',
    );
    expect(portalTextIn(stored, italian)).toContain('title: "Org" nell\'ordine, un valore diverso presso il fornitore');
    expect(portalTextIn(stored, italian)).not.toContain("Other");
  });

  it("render on a German page with no English but the provider's quoted words", () => {
    for (const key of KEYS) {
      const html = renderIn("de", createElement(PortalText, { text: portalText(key, SAMPLE), provider: "grommunio" }));
      expect(html, key).toContain('data-testid="portal-text"');
      expect(englishPortalWords(visibleOwnText(html)), key).toEqual([]);
    }
    const html = renderIn(
      "de",
      createElement(PortalText, { text: portalText("gaveUpLastError", SAMPLE), provider: "grommunio" }),
    );
    expect(html).toContain(
      'Meldung von grommunio: <q lang="en" class="font-mono text-[0.95em]">Internal Server Error</q>',
    );
    // The check itself sees English: the same text on an English page is caught.
    const english = renderIn(
      "en",
      createElement(PortalText, { text: portalText("gaveUpLastError", SAMPLE), provider: "grommunio" }),
    );
    expect(englishPortalWords(visibleOwnText(english))).toContain("failed attempts");
  });

  it("store ownership refusals in the words support's resolve answer uses", () => {
    const values = { name: "a.com", ref: "D1", order: "0b7c" };
    expect(portalText("heldByOther", values)).toBe(said("heldByOther", values));
    expect(portalText("heldByAnother", values)).toBe(said("heldByAnother", values));
  });
});

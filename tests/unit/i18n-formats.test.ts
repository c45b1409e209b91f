import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { floorShare } from "@/lib/i18n/formats";
import { portalText } from "@/lib/i18n/portal-texts";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { localizeSentence, said } from "@/lib/i18n/sentences";
import { localizeMessage, v } from "@/lib/i18n/validation";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

describe("floorShare", () => {
  it("never rounds a share up to a whole 100 %", () => {
    expect(floorShare(0.996)).toBe(0.996);
    expect(floorShare(0.9996)).toBe(0.999);
    expect(floorShare(999 / 1000)).toBe(0.999);
    expect(floorShare(1)).toBe(1);
    expect(new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(floorShare(0.9996))).toBe(
      "99.9%",
    );
  });
  it("clamps nonsense to 0..1", () => {
    expect(floorShare(Number.NaN)).toBe(0);
    expect(floorShare(-0.2)).toBe(0);
    expect(floorShare(1.5)).toBe(1);
  });
});

// Numbers inside messages are grouped per language (docs/i18n.md "Formats"): a time-out of 15000 ms
// or grommunio's largest user limit read as a German or Italian person writes numbers. English
// validation and sentence texts keep their plain digits: the API sends them as written.
describe("numbers inside messages", () => {
  const de_ = (namespace: "validation" | "sentences" | "portalTexts") =>
    createTranslator({ locale: "de", messages: de as typeof en, namespace });
  const it__ = (namespace: "validation" | "sentences" | "portalTexts") =>
    createTranslator({ locale: "it", messages: it_ as typeof en, namespace });

  it("a provider's time-out, in every language", () => {
    expect(portalTextIn(portalText("noAnswerWithin", { ms: 15000 }), de_("portalTexts"))).toBe(
      "keine Antwort innerhalb von 15.000 ms",
    );
    expect(portalTextIn(portalText("noAnswerWithin", { ms: 15000 }), it__("portalTexts"))).toBe(
      "nessuna risposta entro 15.000 ms",
    );
    const english = createTranslator({ locale: "en", messages: en, namespace: "portalTexts" });
    expect(portalTextIn(portalText("noAnswerWithin", { ms: 15000 }), english)).toBe("no answer within 15,000 ms");
    // The stored form is frozen: still the plain digits.
    expect(portalText("noAnswerWithin", { ms: 15000 })).toBe("no answer within 15000 ms");
  });

  it("validation limits and the order limit in German and Italian, plain in the English the API sends", () => {
    const range = v("wholeFromTo", { min: 0, max: 4294967295 });
    expect(range).toBe("Use a whole number from 0 to 4294967295");
    expect(localizeMessage(range, de_("validation"))).toBe("Verwenden Sie eine ganze Zahl von 0 bis 4.294.967.295");
    expect(localizeMessage(range, it__("validation"))).toBe("Usi un numero intero da 0 a 4.294.967.295");
    expect(localizeMessage(v("tooLong", { max: 2000 }), de_("validation"))).toBe(
      "Verwenden Sie höchstens 2.000 Zeichen",
    );
    expect(localizeMessage(v("atMost", { max: 1000000 }), de_("validation"))).toBe("Verwenden Sie höchstens 1.000.000");
    expect(localizeMessage(v("atLeast", { min: 10000 }), it__("validation"))).toBe("Usi 10.000 o più");
    const limit = said("orderLimit", { max: 5000, what: "domains" });
    expect(limit).toContain("at most 5000 domains");
    expect(localizeSentence(limit, de_("sentences"))).toContain("höchstens 5.000 Domains");
  });
});

// A drift run's problems are stored as portal texts, one per line (lib/services/drift.ts), and the
// drift page words each in the support person's language: not English dropped into an Italian or
// German sentence.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { portalText } from "@/lib/i18n/portal-texts";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import de from "@/messages/de.json";
import it_ from "@/messages/it.json";

describe("a drift run's problems", () => {
  it("read back in Italian and German, an upstream's words quoted inside", () => {
    const stored = [
      portalText("driftKindUnlisted", {
        kind: "grommunio_domain",
        error: portalText("driftNotConfigured", { provider: "grommunio" }),
      }),
      portalText("driftTakenOver"),
      portalText("driftMoreProblems", { count: 4 }),
    ].join("\n");
    const worded = (locale: string, messages: typeof de) => {
      const t = createTranslator({ locale, messages, namespace: "portalTexts" });
      return stored
        .split("\n")
        .map((line) => portalTextIn(line, t as never))
        .join("; ");
    };
    expect(worded("it", it_)).toBe(
      "non è stato possibile elencare grommunio_domain: grommunio non è configurato; interrotto: un altro worker ha preso in carico il controllo; e altri 4 problemi",
    );
    expect(worded("de", de)).toBe(
      "grommunio_domain konnte nicht aufgelistet werden: grommunio ist nicht konfiguriert; abgebrochen: ein anderer Worker hat den Lauf übernommen; und 4 weitere Probleme",
    );
  });

  it("counts one more problem and one live service in the singular", () => {
    const t = createTranslator({ locale: "it", messages: it_, namespace: "portalTexts" });
    expect(portalTextIn(portalText("driftMoreProblems", { count: 1 }), t as never)).toBe("e un altro problema");
    expect(portalTextIn(portalText("driftList404", { kind: "qboxmail_manager", count: 1 }), t as never)).toBe(
      "qboxmail_manager: l'elenco ha risposto 404 (non trovato) benché 1 servizio sia attivo",
    );
  });
});

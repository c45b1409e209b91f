// A stored text written for support (retry, mark resolved, the portal's settings or admin account,
// another order) reads as the reseller's words in every reseller view; other texts pass as stored
// (docs/i18n.md "What a reseller reads").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { PORTAL_TEXTS, type PortalTextKey, portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { resellerWording, writtenForSupport } from "@/lib/i18n/reseller-wording";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import it_ from "@/messages/it.json";

const SAMPLE = {
  attempts: 3,
  name: "shop.example",
  ref: "D123456789",
  order: "0b7c9e2a-1111-4222-8333-944445555666",
  error: "Forbidden",
  detail: "Access denied: Account deactivated",
  provider: "Qboxmail",
  status: "403",
  location: "https://panel.example/login",
  differences: 'plan: "professional" ordered, a different value upstream',
  hours: 26,
};

/** Words that only support can act on, or that are not the reseller's to read. */
const FOR_SUPPORT =
  /mark (?:this order |the order |it )?resolved|Retry to try again|or retry|then retry|portal's settings|SystemAdmin|admin account|API token|Check both orders|Check it by hand|check upstream|Check that service|Ask Qboxmail/i;

const STORED = (Object.keys(PORTAL_TEXTS) as PortalTextKey[]).filter((k) => !k.startsWith("reseller"));
// The other order is the same reseller's: "check both orders" is theirs to do.
const SUPPORTS_OWN = STORED.filter((k) => FOR_SUPPORT.test(PORTAL_TEXTS[k]) && k !== "heldByOther");

describe("what a reseller reads of the portal's texts", () => {
  it("rewords every stored text that tells support what to do, for a create and for a change", () => {
    expect(SUPPORTS_OWN.length).toBeGreaterThan(15);
    for (const key of [...SUPPORTS_OWN, "qboxTokenRefused", "gromLoginRefused", "gromAccessDenied"] as const) {
      const stored = portalText(key, SAMPLE);
      expect(writtenForSupport(stored), key).toBe(true);
      for (const action of ["create", "change", "delete"]) {
        const shown = resellerWording(stored, action);
        expect(shown, `${key} ${action}`).not.toMatch(FOR_SUPPORT);
        expect(shown, `${key} ${action}`).not.toContain(SAMPLE.ref);
        expect(shown, `${key} ${action}`).not.toContain(SAMPLE.order);
        expect(shown, `${key} ${action}`).not.toContain(SAMPLE.location);
        // Read back into a reseller key like any stored form, so the pages word it per language.
        expect(readPortalText(shown)?.key, `${key} ${action}`).toMatch(/^reseller/);
      }
    }
  });

  it("keeps the facts that are the reseller's, and words a change as a change", () => {
    const gaveUp = portalText("gaveUp", { attempts: 4 });
    expect(resellerWording(gaveUp, "create")).toBe(portalText("resellerGaveUp", { attempts: 4 }));
    expect(resellerWording(gaveUp, "suspend")).toBe(portalText("resellerChangeGaveUp", { attempts: 4 }));
    expect(resellerWording(portalText("gaveUpMayExist", { attempts: 4 }), "change")).toBe(
      portalText("resellerChangeBeingChecked"),
    );
    expect(resellerWording(portalText("qboxTokenRefused"), "create")).toBe(
      portalText("resellerConnectionHeld", { provider: "Qboxmail" }),
    );
    expect(resellerWording(portalText("redirects", { provider: "grommunio", status: "301" }), "create")).toBe(
      portalText("resellerConnectionHeld", { provider: "grommunio" }),
    );
    expect(resellerWording(portalText("heldByAnother", SAMPLE), "create")).toBe(
      portalText("resellerNameHeld", { name: SAMPLE.name }),
    );
    expect(resellerWording(portalText("notMatching", SAMPLE), "create")).toBe(
      portalText("resellerNotMatching", { name: SAMPLE.name, differences: SAMPLE.differences }),
    );
    expect(resellerWording(portalText("deletionQueuedTooLong", SAMPLE), "delete")).toBe(
      portalText("resellerDeletionSlow", { hours: 26 }),
    );
  });

  it("leaves the other texts as stored: the provider's answers, a same-reseller holder, a person's words", () => {
    for (const text of [
      portalText("qboxRejected", { status: "422" }),
      portalText("gaveUpLastError", { attempts: 2, error: portalText("gromDbUnavailable") }),
      portalText("heldByOther", SAMPLE),
      portalText("nameTaken", SAMPLE),
      "Customer asked to stop",
    ]) {
      expect(writtenForSupport(text), text).toBe(false);
      expect(resellerWording(text, "create"), text).toBe(text);
    }
    expect(resellerWording(null, "create")).toBeNull();
  });

  it("rewords a text written for support also where another text holds it", () => {
    const nested = portalText("gaveUpLastError", {
      attempts: 2,
      error: portalText("redirects", { provider: "Qboxmail", status: "302" }),
    });
    expect(resellerWording(nested, "create")).toBe(
      portalText("gaveUpLastError", {
        attempts: 2,
        error: portalText("resellerConnectionHeld", { provider: "Qboxmail" }),
      }),
    );
  });

  it("has the reseller's words in Italian and German, counting attempts as the stored texts do", () => {
    const italian = createTranslator({ locale: "it", messages: it_ as typeof en, namespace: "portalTexts" });
    const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "portalTexts" });
    const one = resellerWording(portalText("gaveUp", { attempts: 1 }), "create");
    expect(portalTextIn(one, italian)).toBe(
      "Interrotto dopo 1 tentativo non riuscito; non è stato creato nulla. Usi «Modifica e invia di nuovo» per inoltrarlo di nuovo.",
    );
    expect(portalTextIn(one, german)).toMatch(/^Nach 1 fehlgeschlagenen Versuch abgebrochen; es wurde nichts angelegt/);
    const held = resellerWording(portalText("gromAccountRefused", SAMPLE), "create");
    expect(portalTextIn(held, italian)).toContain(
      "l'assistenza deve ripristinare il collegamento del portale con grommunio",
    );
    expect(portalTextIn(held, german)).toContain("Der Support muss die Verbindung des Portals zu grommunio");
  });
});

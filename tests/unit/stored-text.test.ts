// An order keeps 500 characters of its last error and an attempt of its note. A portal text built
// around a long name and a provider's long message ("May exist upstream: the lookup of {name} …
// was refused (Qboxmail rejected the request (400): …). Check upstream, …") runs past that; cut at
// 500 it ended inside the portal's fixed words, read as no text the portal wrote, and the reseller
// was shown support's raw English. storedText shortens the provider's words instead
// (lib/i18n/portal-texts.ts), so the text still reads back as its key.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { type PortalWords, portalText, readPortalText, storedText } from "@/lib/i18n/portal-texts";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { resellerWording } from "@/lib/i18n/reseller-wording";
import { classifyQboxmail } from "@/lib/upstream/qboxmail/classify";
import type { LookupResult } from "@/lib/upstream/result";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { judgeLookup } from "@/workers/processors/verdicts";
import { outcomesOf } from "../support/http-outcome";

const { answer } = outcomesOf({ method: "GET", path: "/api/domains?query=x", durationMs: 7 });
const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "portalTexts" });

/** A domain name of exactly 200 characters. */
const NAME = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(60)}.example.com`;
/** A Qboxmail message as long as the portal keeps one (200 characters), no secret in it. */
const LONG =
  `La ricerca dei domini è sospesa durante la manutenzione del cluster di posta ${"e del suo indice ".repeat(8)}fino a nuovo avviso`.slice(
    0,
    200,
  );

/** The lookup after a create that may have gone through, refused by Qboxmail with LONG: held. */
function heldAfterRefusedLookup(): string {
  const refused = classifyQboxmail(answer(400, { message: LONG, errors: [] }), { kind: "read", secrets: [] });
  if (refused?.kind !== "rejected") throw new Error("not rejected");
  const { verdict } = judgeLookup(refused, true, NAME);
  if (verdict?.to !== "held") throw new Error(`not held: ${JSON.stringify(verdict)}`);
  return verdict.lastError;
}

/** The one quote nested at `path` (names of nested texts) in `words`. */
function quoteAt(words: PortalWords | null, ...path: string[]): string {
  let w = words;
  for (const [i, name] of path.entries()) {
    const piece = w?.nested[name];
    if (!piece) throw new Error(`nothing at ${path.slice(0, i + 1).join(".")}`);
    if (i === path.length - 1 && "quote" in piece) return piece.quote;
    w = "words" in piece ? piece.words : null;
  }
  throw new Error(`no quote at ${path.join(".")}`);
}

describe("a stored text longer than an order keeps", () => {
  it("keeps a 200-character name and the fixed words of lookupRefusedAfterCreate, shortening Qboxmail's words", () => {
    expect(NAME).toHaveLength(200);
    expect(LONG).toHaveLength(200);
    const composed = heldAfterRefusedLookup();
    expect(composed.length).toBeGreaterThan(500);

    const stored = storedText(composed);
    expect(stored.length).toBeLessThanOrEqual(500);
    expect(stored.length).toBeGreaterThan(490); // shortened no more than it had to be
    expect(stored.endsWith("). Check upstream, then mark resolved with its reference or retry.")).toBe(true);
    const words = readPortalText(stored);
    expect(words).toMatchObject({
      key: "lookupRefusedAfterCreate",
      values: { name: NAME },
      nested: { error: { words: { key: "qboxRejectedSaying", values: { status: "400" } } } },
    });
    const detail = quoteAt(words, "error", "detail");
    expect(detail.endsWith("…")).toBe(true);
    expect(LONG.startsWith(detail.slice(0, -1))).toBe(true);
    expect(detail.length).toBeLessThan(LONG.length);

    // So the reseller reads their own words, not support's English, and a German page words it.
    expect(resellerWording(stored, "create")).toBe(portalText("resellerBeingChecked"));
    expect(portalTextIn(stored, german)).toMatch(/^Existiert möglicherweise beim Anbieter: Die Suche nach a{63}/);
  });

  it("does the same for the final lookup that could not tell, and inside the retry cap's 'Gave up … Last error: …'", () => {
    const unclear: LookupResult<unknown> = {
      kind: "transient",
      message: portalText("gromReadFailed", { detail: LONG.repeat(2) }),
      call: { method: "GET", path: "/domains", durationMs: 3 },
    };
    const held = judgeLookup(unclear, true, NAME, undefined, { failures: 12 }).verdict;
    if (held?.to !== "held") throw new Error("not held");
    const stored = storedText(held.lastError);
    expect(stored.length).toBeLessThanOrEqual(500);
    expect(readPortalText(stored)).toMatchObject({ key: "finalLookupUnclear", values: { name: NAME, attempts: 12 } });
    expect(quoteAt(readPortalText(stored), "error", "detail").endsWith("…")).toBe(true);

    const gaveUp = storedText(
      portalText("gaveUpLastError", {
        attempts: 7,
        error: portalText("lookupRefusedAfterCreate", { name: NAME, error: LONG }),
      }),
    );
    expect(gaveUp.length).toBeLessThanOrEqual(500);
    expect(readPortalText(gaveUp)).toMatchObject({
      key: "gaveUpLastError",
      nested: { error: { words: { key: "lookupRefusedAfterCreate", values: { name: NAME } } } },
    });
  });

  it("leaves a text that fits as it is, and cuts one the portal did not write at 500, never inside a character", () => {
    const fits = portalText("qboxRejectedSaying", { status: 400, detail: LONG });
    expect(storedText(fits)).toBe(fits);
    const foreign = `${"x".repeat(499)}😀 and more`;
    expect(storedText(foreign)).toBe("x".repeat(499));
    expect(storedText("y".repeat(800))).toBe("y".repeat(500));
  });
});

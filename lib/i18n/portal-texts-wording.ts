// A portal-written order text (lib/i18n/portal-texts.ts) worded in a language, as plain text:
// for a form's answer that carries one as a value (support's resolve refusal quotes the list of
// differences) and for the tests. Pages render the same reading with app/ui/portal-text.tsx,
// which labels an upstream's nested words as the provider's.
import { type Piece, type PortalTextKey, type PortalWords, readList, readPortalText } from "./portal-texts";

/** A translator of the `portalTexts` namespace. */
export type PortalTranslate = (key: PortalTextKey, values?: Record<string, string | number>) => string;

/** `words` in the language `t` speaks; nested words the portal did not write are quoted as received. */
function wordsAsText(words: PortalWords, t: PortalTranslate): string {
  const values: Record<string, string | number> = { ...words.values };
  for (const [name, piece] of Object.entries(words.nested)) values[name] = pieceAsText(piece, t);
  for (const [name, list] of Object.entries(words.lists)) values[name] = list.map((p) => pieceAsText(p, t)).join("; ");
  return t(words.key, values);
}

function pieceAsText(piece: Piece, t: PortalTranslate): string {
  return "words" in piece ? wordsAsText(piece.words, t) : `“${piece.quote}”`;
}

/** A stored text in the language `t` speaks, or unchanged when the portal did not write it. */
export function portalTextIn(text: string, t: PortalTranslate): string {
  const words = readPortalText(text);
  return words ? wordsAsText(words, t) : text;
}

/** A list of differences ("a: 1 upstream, 2 ordered; …") in the language `t` speaks. */
export function differencesIn(text: string, t: PortalTranslate): string {
  return readList(text)
    .map((p) => ("words" in p ? wordsAsText(p.words, t) : p.quote))
    .join("; ");
}

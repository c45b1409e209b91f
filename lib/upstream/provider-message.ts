// What of a provider's own message an order may keep and show (docs/i18n.md "Portal-written order
// texts"): the words go into a portal text as its `detail`, which the pages quote as the
// provider's, as grommunio's are (lib/upstream/grommunio/classify.ts). They are read by people
// only, never for meaning: Qboxmail words them in the account's language (docs/upstream/qboxmail.md §5).

/**
 * The longest message kept, in characters. With the sentence the portal puts around it, the
 * stored text stays within the 500 characters `last_error` and an attempt's note keep, even
 * inside "Gave up after N failed attempts. Last error: …", so the advice after it is never cut.
 */
const MAX_CHARS = 200;

/**
 * Words that may sit next to a secret, and the marks of a request body quoted back (a JSON or
 * Ruby hash: braces, `"key":`). A message of a refused create can repeat what was sent ("unexpected
 * token at '{"postmaster_password": …'", "La password 'Secret1' non è valida"), and what is kept
 * reaches the order, its audit record, the API and both pages: such a message is not kept at all.
 */
const MAY_HOLD_SECRET =
  /passw|kennwort|parola d'ordine|token|secret|segret|geheim|credential|credenzial|api[-_ ]?key|authori[sz]ation|bearer|[{}]|"\s*(?::|=>)/i;

/** A provider's message as kept: its cleaned words, withheld (it may hold a secret), or none given. */
export type KeptMessage = { kind: "kept"; text: string } | { kind: "withheld" } | { kind: "none" };

/**
 * `raw` (the `message` of an answer's body) as it may be stored: control and format characters
 * removed (a line break, a terminal escape, a right-to-left override that would turn the words
 * around on a page), blanks folded, a closing full stop dropped (the portal's sentence goes on
 * after it), and cut to MAX_CHARS.
 */
export function keptMessage(raw: unknown): KeptMessage {
  if (typeof raw !== "string") return { kind: "none" };
  const text = raw
    .replace(/\p{Cf}+/gu, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ")
    .trim()
    .replace(/[\s.]+$/, "");
  if (!text) return { kind: "none" };
  if (MAY_HOLD_SECRET.test(text)) return { kind: "withheld" };
  // By code points, so a character outside the BMP is never cut in half.
  const chars = Array.from(text);
  return { kind: "kept", text: chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 1).join("")}…` : text };
}

// Control characters have no business in typed text, and Postgres cannot store U+0000 at all
// (neither in text nor inside jsonb): a form that let one through would fail with a database
// error instead of saying what to fix (docs/security.md "Hostile input"). Half a character (a
// lone UTF-16 surrogate, which a JSON body can carry as "\ud800") is refused with them: jsonb
// refuses it too, and nobody types one either.

import { v } from "@/lib/i18n/validation";

export const CONTROL_CHARS_MESSAGE = v("controlChars");

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when `value` holds a C0 control character, DEL or a lone surrogate; tabs and line breaks
 * only if not allowed.
 */
export function hasControlChars(value: string, allowLineBreaks = false): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (allowLineBreaks && (c === 9 || c === 10 || c === 13)) continue;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return LONE_SURROGATE.test(value);
}

/** Text for a log or audit field from a source nobody checked (a browser's User-Agent header). */
export function withoutControlChars(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (!(c < 0x20 || c === 0x7f || (ch.length === 1 && c >= 0xd800 && c <= 0xdfff))) out += ch;
  }
  return out;
}

/**
 * A list's search text as a query may use it: trimmed and NFC (as names are stored), and empty when
 * it holds a control character (a hand-edited address: such text matches no stored name, and
 * Postgres refuses U+0000).
 */
export function searchText(value: string | undefined): string {
  return value && !hasControlChars(value) ? value.trim().normalize("NFC") : "";
}

// Domain names as grommunio will store them (docs/upstream/grommunio.md §5): the name goes through
// Python `idna.encode` (IDNA 2008, no UTS46 mapping), must then match
// ^[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$ and fit 64 characters. We are stricter than the upstream on
// purpose: names it accepts but only half-creates (a label starting with "-", an empty label as
// in "ex..com": the row is committed, then the reply crashes) are refused here, before any call.
// Uses the `punycode` package, not node:punycode, so this runs in the browser for the preview.
import punycode from "punycode/punycode.js";
import { type Idna2008Problem, idna2008Problem } from "@/lib/format/idna2008";
import { v, vTyped } from "@/lib/i18n/validation";

export type IdnaResult = { ok: true; ascii: string; unicode: string } | { ok: false; error: string };

export type IdnaOptions = {
  /** Longest encoded name; grommunio's column allows 64, DNS itself 253. */
  maxLength?: number;
};

const UPSTREAM_PATTERN = /^[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;
const ASCII_LABEL = /^[a-zA-Z0-9-]+$/;

function labelProblem(label: string, ascii: string): string | undefined {
  if (label.startsWith("-") || label.endsWith("-")) return vTyped("labelHyphen", { label });
  if (ascii.length > 63) return vTyped("labelLong", { label });
  if (/^[^-]{2}--/.test(label) && !/^xn--/i.test(label)) {
    return vTyped("labelDoubleHyphen", { label });
  }
  return undefined;
}

/**
 * The Unicode label an encoded (xn--) label stands for, if it is what typing that label would
 * give: valid Punycode, NFC, not starting with a combining mark, no hyphen at an end or in the
 * third and fourth places, not plain ASCII, and encoding back to the same letters. Anything else
 * is not an IDNA label at all (grommunio's encoder refuses it and stores the raw text, and the
 * domain then cannot be shown back: its create answers an error and every later domain list fails).
 */
function decodeAce(label: string): string | undefined {
  const lower = label.toLowerCase();
  let decoded: string;
  try {
    decoded = punycode.decode(lower.slice(4));
  } catch {
    return undefined;
  }
  if (!/\P{ASCII}/u.test(decoded) || decoded.normalize("NFC") !== decoded) return undefined;
  if (/^\p{M}/u.test(decoded) || labelProblem(decoded, lower)) return undefined;
  return `xn--${punycode.encode(decoded)}` === lower ? decoded : undefined;
}

/**
 * An encoded label is taken when the Unicode label it stands for would be; when that one breaks
 * an IDNA 2008 rule, the message names the rule, showing both spellings.
 */
function encodedLabel(label: string): { ascii: string } | { error: string } {
  const unicode = decodeAce(label);
  if (unicode === undefined) return { error: vTyped("labelBadIdna", { label }) };
  const error = unicodeLabelError(unicode, `${label} (${unicode})`);
  return error ? { error } : { ascii: label };
}

function encodeLabel(label: string): { ascii: string } | { error: string } {
  if (ASCII_LABEL.test(label)) return /^xn--/i.test(label) ? encodedLabel(label) : { ascii: label };
  const error = unicodeLabelError(label, label);
  return error ? { error } : { ascii: `xn--${punycode.encode(label)}` };
}

/** What to fix in a Unicode label (`shown` is how the message names it), or undefined. */
function unicodeLabelError(label: string, shown: string): string | undefined {
  if (/^\p{M}/u.test(label)) return vTyped("labelCombining", { label: shown });
  const problem = idna2008Problem(label);
  return problem && idnaMessage(shown, problem);
}

/** A character as a message names it: its code point, after it the character if it is visible. */
function describeChar(ch: string): string {
  const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `${code} ${ch}` : code;
}

/** What to fix in a label IDNA 2008 refuses (lib/format/idna2008.ts). */
function idnaMessage(label: string, problem: Idna2008Problem): string {
  switch (problem.rule) {
    case "unstable":
      // A capital that is only a capital (not also a full-width or other variant letter).
      if (/^[\p{Lu}\p{Lt}]$/u.test(problem.char) && problem.char.normalize("NFKC") === problem.char) {
        return v("idnaLowerCase");
      }
      return vTyped("idnaPlainForm", { label, suggestion: problem.suggestion });
    case "disallowed":
      // Symbols, punctuation, spaces and emoji; letters, marks and digits are named.
      if (!/^[\p{L}\p{M}\p{N}]$/u.test(problem.char)) return v("idnaChars");
      return vTyped("idnaNotAllowed", { label, char: describeChar(problem.char) });
    case "tooRecent":
      return vTyped("idnaTooRecent", { label, char: describeChar(problem.char) });
    case "context":
      return vTyped("idnaContext", { label, char: describeChar(problem.char), rule: problem.context });
    case "digits":
      return vTyped("idnaDigitsMixed", { label });
    case "bidi":
      return vTyped("idnaBidi", { label });
  }
}

/**
 * The name as the upstream will store it (`ascii`, ASCII capitals kept like the upstream does)
 * and as people read it (`unicode`, lower case), or the first thing to fix.
 */
export function toIdnaAscii(name: string, options: IdnaOptions = {}): IdnaResult {
  const maxLength = options.maxLength ?? 64;
  const input = name.trim().normalize("NFC");
  if (input === "") return { ok: false, error: v("domainMissing") };
  // What Japanese and Chinese input methods type for a dot: UTS 46 would read it as one, IDNA 2008
  // (grommunio) does not, and the name would look like one label.
  if (/[\u3002\uFF0E\uFF61]/.test(input)) return { ok: false, error: v("wideDot") };
  if (input.endsWith(".")) return { ok: false, error: v("trailingDot") };
  const labels = input.split(".");
  if (labels.length < 2) return { ok: false, error: v("domainFull") };
  const encoded: string[] = [];
  for (const label of labels) {
    if (label === "") return { ok: false, error: v("emptyLabel") };
    const result = encodeLabel(label);
    if ("error" in result) return { ok: false, error: result.error };
    const problem = labelProblem(label, result.ascii);
    if (problem) return { ok: false, error: problem };
    encoded.push(result.ascii);
  }
  if (/^\d+$/.test(encoded[encoded.length - 1] ?? "")) {
    return { ok: false, error: v("domainNotIp") };
  }
  const ascii = encoded.join(".");
  if (ascii.length > maxLength) {
    return {
      ok: false,
      error: vTyped("domainTooLong", { max: maxLength, ascii, length: ascii.length }),
    };
  }
  if (!UPSTREAM_PATTERN.test(ascii)) return { ok: false, error: v("domainInvalid") };
  return { ok: true, ascii, unicode: toUnicode(ascii) };
}

/**
 * A stored (ASCII) name as a person types it, for a form that starts from it: each xn-- label in
 * Unicode, the other labels as stored (ASCII capitals kept, as the upstream keeps them). Only when
 * typing it gives the stored name back; otherwise (an xn-- label stored in capitals, a name a later
 * rule refuses) the stored name, so that submitting it unchanged sends what was stored.
 */
export function toUnicodeInput(ascii: string): string {
  const typed = ascii
    .split(".")
    .map((label) => (/^xn--/i.test(label) ? toUnicode(label) : label))
    .join(".");
  if (typed === ascii) return ascii;
  const again = toIdnaAscii(typed, { maxLength: Number.MAX_SAFE_INTEGER });
  return again.ok && again.ascii === ascii ? typed : ascii;
}

/** Readable form of an ASCII (xn--) name, lower case. Undecodable labels are shown as they are. */
export function toUnicode(ascii: string): string {
  return ascii
    .split(".")
    .map((label) => {
      const lower = label.toLowerCase();
      if (!lower.startsWith("xn--")) return lower;
      try {
        return punycode.decode(lower.slice(4));
      } catch {
        return lower;
      }
    })
    .join(".");
}

// Domain names as grommunio will store them (docs/upstream/grommunio.md §5): the name goes through
// Python `idna.encode` (IDNA 2008, no UTS46 mapping), must then match
// ^[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$ and fit 64 characters. We are stricter than the upstream on
// purpose: names it accepts but only half-creates (a label starting with "-", an empty label as
// in "ex..com": the row is committed, then the reply crashes) are refused here, before any call.
// Uses the `punycode` package, not node:punycode, so this runs in the browser for the preview.
import punycode from "punycode/punycode.js";
import { type Idna2008Problem, idna2008Problem } from "@/lib/format/idna2008";
import { v } from "@/lib/i18n/validation";

export type IdnaResult = { ok: true; ascii: string; unicode: string } | { ok: false; error: string };

export type IdnaOptions = {
  /** Longest encoded name; grommunio's column allows 64, DNS itself 253. */
  maxLength?: number;
};

const UPSTREAM_PATTERN = /^[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;
const ASCII_LABEL = /^[a-zA-Z0-9-]+$/;
// IDNA 2008 allows letters, marks and digits (PVALID is close to this) and the hyphen; symbols,
// punctuation and emoji are DISALLOWED.
const UNICODE_LABEL = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}-]+$/u;

function labelProblem(label: string, ascii: string): string | undefined {
  if (label.startsWith("-") || label.endsWith("-")) return v("labelHyphen", { label });
  if (ascii.length > 63) return v("labelLong", { label });
  if (/^[^-]{2}--/.test(label) && !/^xn--/i.test(label)) {
    return v("labelDoubleHyphen", { label });
  }
  return undefined;
}

/**
 * Whether an already encoded label is what typing its decoded form would give: the decoded label
 * passes every check a typed one does (NFC, no leading combining mark, no hyphen at an end or in
 * the third and fourth places, IDNA 2008) and encodes back to the same letters. grommunio's
 * encoder refuses anything less and stores the raw text, and the domain then cannot be shown
 * back: its create answers an error and every later domain list fails.
 */
function isCanonicalAce(label: string): boolean {
  let decoded: string;
  try {
    decoded = punycode.decode(label.slice(4).toLowerCase());
  } catch {
    return false;
  }
  if (!decoded || decoded.normalize("NFC") !== decoded) return false;
  const again = encodeLabel(decoded);
  return "ascii" in again && again.ascii === label.toLowerCase() && !labelProblem(decoded, again.ascii);
}

function encodeLabel(label: string): { ascii: string } | { error: string } {
  if (ASCII_LABEL.test(label)) {
    if (/^xn--/i.test(label) && !isCanonicalAce(label)) return { error: v("labelBadIdna", { label }) };
    return { ascii: label };
  }
  // A full-width or other variant letter first: its plain form is the fix, capitals or not.
  const variant = label.normalize("NFKC") !== label ? idna2008Problem(label) : undefined;
  if (variant) return { error: idnaMessage(label, variant) };
  if (/\P{ASCII}/u.test(label) && /\p{Lu}|\p{Lt}/u.test(label)) {
    // IDNA 2008 disallows capitals in any label that needs encoding (ASCII ones included).
    return { error: v("idnaLowerCase") };
  }
  if (!UNICODE_LABEL.test(label)) {
    return { error: v("idnaChars") };
  }
  if (/^\p{M}/u.test(label)) return { error: v("labelCombining", { label }) };
  const problem = idna2008Problem(label);
  if (problem) return { error: idnaMessage(label, problem) };
  return { ascii: `xn--${punycode.encode(label)}` };
}

/** What to fix in a label IDNA 2008 refuses (lib/format/idna2008.ts). */
function idnaMessage(label: string, problem: Idna2008Problem): string {
  switch (problem.rule) {
    case "unstable":
      return v("idnaPlainForm", { label, suggestion: problem.suggestion });
    case "disallowed":
      return v("idnaNotAllowed", { label });
    case "digits":
      return v("idnaDigitsMixed", { label });
    case "bidi":
      return v("idnaBidi", { label });
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
      error: v("domainTooLong", { max: maxLength, ascii, length: ascii.length }),
    };
  }
  if (!UPSTREAM_PATTERN.test(ascii)) return { ok: false, error: v("domainInvalid") };
  return { ok: true, ascii, unicode: toUnicode(ascii) };
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

// grommunio's domain-name handling, as the simulator reproduces it (docs/upstream/grommunio.md §5):
// Python's `idna.encode` (IDNA 2008, no UTS 46 mapping) and, when that raises, the raw string.
// Written apart from the portal's client on purpose (it uses Node's own IDNA code, the client
// the punycode package), so a misreading of the upstream cannot hide in both; a test holds the
// two against each other on tricky names.
import { domainToASCII, domainToUnicode } from "node:url";

/** grommunio's own check on the name it is about to store. */
export const DOMAIN_NAME_PATTERN = /^[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;

const MAX_LABEL = 63;

/** Python idna's label rules: NFC, no hyphen at either end or in 3rd+4th place, no leading mark,
 * only lower-case letters, other letters, marks, digits and hyphens (roughly PVALID), and none
 * that UTS 46 would map to another (full-width, variant and modifier letters are DISALLOWED by
 * IDNA 2008). The Bidi rule is not reproduced: the portal's form refuses such names first. */
function labelAllowed(label: string): boolean {
  if (label.normalize("NFC") !== label) return false;
  if (!isAscii(label) && domainToUnicode(domainToASCII(label)) !== label) return false;
  if (label.startsWith("-") || label.endsWith("-") || label.slice(2, 4) === "--") return false;
  if (/^\p{M}/u.test(label)) return false;
  return [...label].every((ch) => /[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}-]/u.test(ch));
}

const isAscii = (s: string) => [...s].every((ch) => ch.charCodeAt(0) < 0x80);

/** One label to its A-label, or null where Python idna would raise. */
function encodeLabel(label: string): string | null {
  if (isAscii(label)) {
    // ASCII labels are kept as sent (capitals included) once their lower-case form is valid.
    const lower = label.toLowerCase();
    if (lower.startsWith("xn--")) return decodeLabel(label) === null ? null : label;
    return labelAllowed(lower) && label.length <= MAX_LABEL ? label : null;
  }
  if (!labelAllowed(label)) return null; // capitals in a label that needs encoding are refused
  const ascii = domainToASCII(label);
  return ascii && ascii.length <= MAX_LABEL ? ascii : null;
}

/** One label to its U-label (ASCII lower-cased, xn-- decoded), or null where idna would raise. */
function decodeLabel(label: string): string | null {
  if (label.length > MAX_LABEL) return null;
  if (!isAscii(label)) return labelAllowed(label) ? label : null;
  const lower = label.toLowerCase();
  if (!lower.startsWith("xn--")) return labelAllowed(lower) ? lower : null;
  if (lower.length === 4 || lower.endsWith("-")) return null;
  const unicode = domainToUnicode(lower);
  if (!unicode || unicode === lower || domainToASCII(unicode) !== lower) return null;
  return labelAllowed(unicode) ? unicode : null;
}

function mapLabels(name: string, each: (label: string) => string | null): string | null {
  if (name === "") return null;
  const labels = name.split(".");
  const trailingDot = labels.length > 1 && labels.at(-1) === "";
  if (trailingDot) labels.pop();
  const out: string[] = [];
  for (const label of labels) {
    const mapped = label === "" ? null : each(label);
    if (mapped === null) return null;
    out.push(mapped);
  }
  return out.join(".") + (trailingDot ? "." : "");
}

/** Python `idna.encode(name)`, or null where it would raise. */
export const idnaEncode = (name: string): string | null => mapLabels(name, encodeLabel);

/** Python `idna.decode(name)`: the display name. Null where it would raise. */
export const idnaDecode = (name: string): string | null => mapLabels(name, decodeLabel);

/** The name grommunio stores: the IDNA encoding, or the raw string when encoding fails. */
export const storedDomainName = (name: string): string => idnaEncode(name) ?? name;
